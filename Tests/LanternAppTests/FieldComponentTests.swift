import Testing
@testable import LanternApp
@testable import LanternCore

/// Every kind of field gets its label (or legend), hint, error and `aria-describedby` from one
/// place (`Components.Field`), so none drifts: text, textarea and select name both on the
/// control, radios and checkboxes on their fieldset.
@Suite struct FieldComponentTests {
    static var errors: FormErrors {
        var errors = FormErrors()
        for field in ["t", "a", "s", "r", "c"] { errors.add(field, "Fix <\(field)>") }
        return errors
    }

    @Test func everyKindNamesItsHintAndErrorTheSameWay() {
        let e = Self.errors
        let fields: [(id: String, markup: String, describedOn: String)] = [
            ("t", Components.textInput(name: "t", label: "T", hint: "Hint t", errors: e).markup, "<input"),
            ("a", Components.textArea(name: "a", label: "A", hint: "Hint a", errors: e).markup, "<textarea"),
            ("s", Components.select(name: "s", label: "S", options: [("1", "One")], selected: nil, hint: "Hint s", errors: e).markup, "<select"),
            ("r", Components.radios(name: "r", legend: "R", options: [("1", "One")], selected: nil, hint: "Hint r", errors: e).markup, "<fieldset"),
            ("c", Components.checkboxes(name: "c", legend: "C", options: [("1", "One")], checked: [], hint: "Hint c", errors: e).markup, "<fieldset"),
        ]
        for field in fields {
            let id = field.id
            #expect(field.markup.contains("class=\"form-group form-group--error\""), "\(id)")
            #expect(field.markup.contains("<div id=\"\(id)-hint\" class=\"hint\">Hint \(id)</div>"), "\(id)")
            #expect(field.markup.contains("<p id=\"\(id)-error\" class=\"error-message\">"), "\(id)")
            #expect(field.markup.contains("Fix &lt;\(id)&gt;"), "the error is escaped: \(id)")
            let tag = field.markup.components(separatedBy: field.describedOn).dropFirst().first?.prefix { $0 != ">" } ?? ""
            #expect(tag.contains("aria-describedby=\"\(id)-hint \(id)-error\""), "\(id): \(tag)")
        }
    }

    @Test func withoutHintOrErrorThereIsNoDescription() {
        let markup = Components.select(name: "s", label: "S", options: [("1", "One")], selected: "1", errors: FormErrors()).markup
        #expect(markup.contains("<select class=\"select\" id=\"s\" name=\"s\"><option value=\"1\" selected>One</option></select>"))
        #expect(!markup.contains("aria-describedby") && !markup.contains("form-group--error"))
    }

    @Test func interpolatedTextIsEscapedAndLiteralsAreMarkup() {
        let text = "<script>alert(1)</script>"
        let html: HTML = "<p class=\"body\">\(text)</p>"
        #expect(html.markup == "<p class=\"body\">&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    }
}
