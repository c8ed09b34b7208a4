import LanternCore

/// The page components Lantern uses, in the GOV.UK Design System's patterns: error summary,
/// labelled fields with hints and inline errors, summary lists, tables and tags.
enum Components {
    static func errorSummary(_ errors: FormErrors, _ l: Localiser = .englishGB) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let items = errors.items.map { HTML("<li><a href=\"#\($0.field)\">\($0.message)</a></li>") }
        return """
        <div class="error-summary" role="alert" tabindex="-1">
        <h2 class="error-summary__title">\(l("components.error-summary"))</h2>
        <ul class="error-summary__list">\(items)</ul>
        </div>
        """
    }

    static func csrfField(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">"
    }

    static func textInput(name: String, label: String, value: String? = nil, hint: String? = nil, type: String = "text",
                          autocomplete: String? = nil, width: Int? = nil, errors: FormErrors, extra: HTML = .empty,
                          id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let id = id ?? name
        let error = errors[id]
        let describedBy = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"]
            .compactMap { $0 }.joined(separator: " ")
        return """
        <div class="form-group\(error == nil ? "" : " form-group--error")">
        <label class="label" for="\(id)">\(label)</label>
        \(hint.map { HTML("<div id=\"\(id)-hint\" class=\"hint\">\($0)</div>") })
        \(error.map { HTML("<p id=\"\(id)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
        <input class="input\(width.map { " input--width-\($0)" } ?? "")\(error == nil ? "" : " input--error")" id="\(id)" name="\(name)" type="\(type)"\
        \(value.map { HTML(" value=\"\($0)\"") })\(autocomplete.map { HTML(" autocomplete=\"\($0)\"") })\
        \(describedBy.isEmpty ? HTML.empty : HTML(" aria-describedby=\"\(describedBy)\""))\(extra)>
        </div>
        """
    }

    static func textArea(name: String, label: String, value: String? = nil, hint: String? = nil, rows: Int = 5,
                         errors: FormErrors, id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let id = id ?? name
        let error = errors[id]
        let describedBy = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }.joined(separator: " ")
        return """
        <div class="form-group\(error == nil ? "" : " form-group--error")">
        <label class="label" for="\(id)">\(label)</label>
        \(hint.map { HTML("<div id=\"\(id)-hint\" class=\"hint\">\($0)</div>") })
        \(error.map { HTML("<p id=\"\(id)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
        <textarea class="textarea\(error == nil ? "" : " input--error")" id="\(id)" name="\(name)" rows="\(rows)"\
        \(describedBy.isEmpty ? HTML.empty : HTML(" aria-describedby=\"\(describedBy)\""))>\(value ?? "")</textarea>
        </div>
        """
    }

    /// Radio buttons; the first carries the id the error summary links to.
    static func radios(name: String, legend: String, options: [(value: String, label: String)], selected: String?,
                       hint: String? = nil, inline: Bool = false, errors: FormErrors, id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let id = id ?? name
        let error = errors[id]
        let items = options.enumerated().map { index, option in
            let itemID = index == 0 ? id : "\(id)-\(index)"
            return HTML("""
            <div class="radios__item">
            <input class="radios__input" id="\(itemID)" name="\(name)" type="radio" value="\(option.value)"\
            \(option.value == selected ? HTML(" checked") : .empty)>
            <label class="label radios__label" for="\(itemID)">\(option.label)</label>
            </div>
            """)
        }
        return """
        <div class="form-group\(error == nil ? "" : " form-group--error")">
        <fieldset class="fieldset"\(hint.map { _ in HTML(" aria-describedby=\"\(id)-hint\"") })>
        <legend class="fieldset__legend">\(legend)</legend>
        \(hint.map { HTML("<div id=\"\(id)-hint\" class=\"hint\">\($0)</div>") })
        \(error.map { HTML("<p id=\"\(id)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
        <div class="radios\(inline ? " radios--inline" : "")">\(items)</div>
        </fieldset>
        </div>
        """
    }

    /// A labelled select; like a text input, its hint and error are tied to it by
    /// `aria-describedby`, so a screen reader reads them with the field.
    static func select(name: String, label: String, options: [(value: String, label: String)], selected: String?,
                       hint: String? = nil, errors: FormErrors, id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let id = id ?? name
        let error = errors[id]
        let describedBy = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }.joined(separator: " ")
        let optionTags = options.map { option in
            HTML("<option value=\"\(option.value)\"\(option.value == selected ? HTML(" selected") : .empty)>\(option.label)</option>")
        }
        return """
        <div class="form-group\(error == nil ? "" : " form-group--error")">
        <label class="label" for="\(id)">\(label)</label>
        \(hint.map { HTML("<div id=\"\(id)-hint\" class=\"hint\">\($0)</div>") })
        \(error.map { HTML("<p id=\"\(id)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
        <select class="select\(error == nil ? "" : " input--error")" id="\(id)" name="\(name)"\
        \(describedBy.isEmpty ? HTML.empty : HTML(" aria-describedby=\"\(describedBy)\""))>\(optionTags)</select>
        </div>
        """
    }

    /// A group of checkboxes sharing one name; the first box carries the id the error summary links to.
    static func checkboxes(name: String, legend: String, options: [(value: String, label: String)], checked: Set<String>,
                           hint: String? = nil, errors: FormErrors, id baseID: String? = nil, l: Localiser = .englishGB) -> HTML {
        let name0 = baseID ?? name
        let error = errors[name0]
        let boxes = options.enumerated().map { index, option in
            let id = index == 0 ? name0 : "\(name0)-\(index)"
            return HTML("""
            <div class="checkboxes__item">
            <input class="checkboxes__input" id="\(id)" name="\(name)[]" type="checkbox" value="\(option.value)"\
            \(checked.contains(option.value) ? HTML(" checked") : .empty)>
            <label class="label checkboxes__label" for="\(id)">\(option.label)</label>
            </div>
            """)
        }
        return """
        <div class="form-group\(error == nil ? "" : " form-group--error")">
        <fieldset class="fieldset"\(hint.map { _ in HTML(" aria-describedby=\"\(name0)-hint\"") })>
        <legend class="fieldset__legend">\(legend)</legend>
        \(hint.map { HTML("<div id=\"\(name0)-hint\" class=\"hint\">\($0)</div>") })
        \(error.map { HTML("<p id=\"\(name0)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
        <div class="checkboxes">\(boxes)</div>
        </fieldset>
        </div>
        """
    }

    static func summaryList(_ rows: [(key: String, value: HTML)]) -> HTML {
        let items = rows.map { HTML("<div class=\"summary-list__row\"><dt class=\"summary-list__key\">\($0.key)</dt><dd class=\"summary-list__value\">\($0.value)</dd></div>") }
        return "<dl class=\"summary-list\">\(items)</dl>"
    }

    static func table(caption: String, headers: [String], rows: [[HTML]]) -> HTML {
        let head = headers.map { HTML("<th scope=\"col\" class=\"table__header\">\($0)</th>") }
        let body = rows.map { row in HTML("<tr class=\"table__row\">\(row.map { HTML("<td class=\"table__cell\">\($0)</td>") })</tr>") }
        return """
        <table class="table">
        <caption class="table__caption">\(caption)</caption>
        <thead><tr class="table__row">\(head)</tr></thead>
        <tbody>\(body)</tbody>
        </table>
        """
    }

    static func tag(_ text: String, colour: String? = nil) -> HTML {
        HTML("<strong class=\"tag\(colour.map { " tag--" + $0 } ?? "")\">\(text)</strong>")
    }

    static func button(_ label: String, secondary: Bool = false, warning: Bool = false) -> HTML {
        let modifier = warning ? " button--warning" : (secondary ? " button--secondary" : "")
        return HTML("<button type=\"submit\" class=\"button\(modifier)\">\(label)</button>")
    }

    static func notification(title: String, body: HTML, success: Bool = true) -> HTML {
        """
        <div class="notification\(success ? HTML(" notification--success") : .empty)" role="\(success ? "status" : "region")" aria-labelledby="notification-title">
        <h2 class="notification__title" id="notification-title">\(title)</h2>
        <div class="notification__body">\(body)</div>
        </div>
        """
    }
}
