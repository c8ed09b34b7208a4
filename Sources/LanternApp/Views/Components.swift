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
        let field = Field(id: id ?? name, hint: hint, errors: errors, l: l)
        return labelled(field, label: label, control: """
            <input class="input\(width.map { " input--width-\($0)" } ?? "")\(field.errorClass)" id="\(field.id)" name="\(name)" type="\(type)"\
            \(value.map { HTML(" value=\"\($0)\"") })\(autocomplete.map { HTML(" autocomplete=\"\($0)\"") })\(field.describedBy)\(extra)>
            """)
    }

    /// `extra`: further attributes (`dir="auto"` for words that may be in any script).
    static func textArea(name: String, label: String, value: String? = nil, hint: String? = nil, rows: Int = 5,
                         errors: FormErrors, id: String? = nil, extra: HTML = .empty, l: Localiser = .englishGB) -> HTML {
        let field = Field(id: id ?? name, hint: hint, errors: errors, l: l)
        return labelled(field, label: label, control: """
            <textarea class="textarea\(field.errorClass)" id="\(field.id)" name="\(name)" rows="\(rows)"\(field.describedBy)\(extra)>\(value ?? "")</textarea>
            """)
    }

    /// Radio buttons; the first carries the id the error summary links to.
    static func radios(name: String, legend: String, options: [(value: String, label: String)], selected: String?,
                       hint: String? = nil, inline: Bool = false, errors: FormErrors, id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let field = Field(id: id ?? name, hint: hint, errors: errors, l: l)
        let items = options.enumerated().map { index, option in
            let itemID = index == 0 ? field.id : "\(field.id)-\(index)"
            return HTML("""
            <div class="radios__item">
            <input class="radios__input" id="\(itemID)" name="\(name)" type="radio" value="\(option.value)"\
            \(option.value == selected ? HTML(" checked") : .empty)>
            <label class="label radios__label" for="\(itemID)">\(option.label)</label>
            </div>
            """)
        }
        return fieldset(field, legend: legend, control: "<div class=\"radios\(inline ? " radios--inline" : "")\">\(items)</div>")
    }

    /// A labelled select; like a text input, its hint and error are tied to it by
    /// `aria-describedby`, so a screen reader reads them with the field.
    static func select(name: String, label: String, options: [(value: String, label: String)], selected: String?,
                       hint: String? = nil, errors: FormErrors, id: String? = nil, l: Localiser = .englishGB) -> HTML {
        let field = Field(id: id ?? name, hint: hint, errors: errors, l: l)
        let optionTags = options.map { option in
            HTML("<option value=\"\(option.value)\"\(option.value == selected ? HTML(" selected") : .empty)>\(option.label)</option>")
        }
        return labelled(field, label: label, control: """
            <select class="select\(field.errorClass)" id="\(field.id)" name="\(name)"\(field.describedBy)>\(optionTags)</select>
            """)
    }

    /// A group of checkboxes sharing one name; the first box carries the id the error summary links to.
    static func checkboxes(name: String, legend: String, options: [(value: String, label: String)], checked: Set<String>,
                           hint: String? = nil, errors: FormErrors, id baseID: String? = nil, l: Localiser = .englishGB) -> HTML {
        let field = Field(id: baseID ?? name, hint: hint, errors: errors, l: l)
        let boxes = options.enumerated().map { index, option in
            let id = index == 0 ? field.id : "\(field.id)-\(index)"
            return HTML("""
            <div class="checkboxes__item">
            <input class="checkboxes__input" id="\(id)" name="\(name)[]" type="checkbox" value="\(option.value)"\
            \(checked.contains(option.value) ? HTML(" checked") : .empty)>
            <label class="label checkboxes__label" for="\(id)">\(option.label)</label>
            </div>
            """)
        }
        return fieldset(field, legend: legend, control: "<div class=\"checkboxes\">\(boxes)</div>")
    }

    /// What every kind of field shares, written once: its hint and inline error, and the
    /// `aria-describedby` that ties both to the control (or the fieldset), so a screen reader
    /// reads them with it.
    private struct Field {
        let id: String
        let hint: String?
        let error: String?
        let l: Localiser

        init(id: String, hint: String?, errors: FormErrors, l: Localiser) {
            self.id = id
            self.hint = hint
            self.error = errors[id]
            self.l = l
        }

        var errorClass: HTML { error == nil ? .empty : " input--error" }

        var describedBy: HTML {
            let ids = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }.joined(separator: " ")
            return ids.isEmpty ? .empty : HTML(" aria-describedby=\"\(ids)\"")
        }

        /// The hint and the error message, under the label or legend.
        var messages: HTML {
            """
            \(hint.map { HTML("<div id=\"\(id)-hint\" class=\"hint\">\($0)</div>") })
            \(error.map { HTML("<p id=\"\(id)-error\" class=\"error-message\"><span class=\"visually-hidden\">\(l("components.error-prefix"))</span> \($0)</p>") })
            """
        }

        /// The form group around the field, marked when the field has an error.
        func group(_ content: HTML) -> HTML {
            """
            <div class="form-group\(error == nil ? HTML.empty : " form-group--error")">
            \(content)
            </div>
            """
        }
    }

    /// One control with its label (text, textarea, select).
    private static func labelled(_ field: Field, label: String, control: HTML) -> HTML {
        field.group("""
            <label class="label" for="\(field.id)">\(label)</label>
            \(field.messages)
            \(control)
            """)
    }

    /// A group of controls under a legend (radios, checkboxes); the fieldset carries the
    /// hint's and the error's ids.
    private static func fieldset(_ field: Field, legend: String, control: HTML) -> HTML {
        field.group("""
            <fieldset class="fieldset"\(field.describedBy)>
            <legend class="fieldset__legend">\(legend)</legend>
            \(field.messages)
            \(control)
            </fieldset>
            """)
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

    static func notification(title: String, body: HTML, success: Bool = true, id: String = "notification-title") -> HTML {
        """
        <div class="notification\(success ? HTML(" notification--success") : .empty)" role="\(success ? "status" : "region")" aria-labelledby="\(id)">
        <h2 class="notification__title" id="\(id)">\(title)</h2>
        <div class="notification__body">\(body)</div>
        </div>
        """
    }
}
