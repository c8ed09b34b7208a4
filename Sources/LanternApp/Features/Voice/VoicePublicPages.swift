import LanternCore

/// The public pages of survivor voice: the form, and the thank-you shown after sending (the
/// same whether the message was kept or quietly refused).
enum VoicePublicPages {
    /// The field people never see: a machine fills every field it finds. Its name is one no
    /// browser's autofill or password manager matches (unlike "website" or "email"), so a
    /// person's browser never fills it for them.
    static let trapField = "leave_this_blank"

    struct Model {
        var message = ""
        var quote = ""
        var errors = FormErrors()
        /// Over a limit: say so, keep the words.
        var busy = false
        var csrf = ""
        var ticket = ""
    }

    static func form(_ m: Model, _ l: PublicText) -> PublicPage {
        let quoteOptions = [("yes", l.plain("public.voice.quote-yes")), ("no", l.plain("public.voice.quote-no"))]
        let content: HTML = """
        \(Components.errorSummary(m.errors, l.localiser))
        \(m.busy ? HTML("<div class=\"warning-text\" role=\"alert\"><p><strong>\(l("public.voice.busy"))</strong></p></div>") : .empty)
        <h1 class="heading-xl">\(l("public.voice.title"))</h1>
        <p class="lead">\(l("public.voice.lead"))</p>
        <div class="warning-text public-emergency" role="note">
        <p><strong>\(l("public.help.emergency", ["number": l.phone("999")]))</strong></p>
        <p>\(l("public.help.helpline", ["number": l.phone(GetHelpPages.helpline)]))</p>
        </div>
        <h2>\(l("public.voice.private-heading"))</h2>
        <ul class="list--bullet">
        <li>\(l("public.voice.private-no-name"))</li>
        <li>\(l("public.voice.private-no-address"))</li>
        <li>\(l("public.voice.private-who-reads"))</li>
        <li>\(l("public.voice.private-no-reply"))</li>
        </ul>
        <form method="post" action="\(l.link(.voice))" novalidate>
        \(Components.csrfField(m.csrf))
        <input type="hidden" name="ticket" value="\(m.ticket)">
        \(Components.textArea(name: "message", label: l.plain("public.voice.message-label"), value: m.message,
                              hint: l.plain("public.voice.message-hint", ["limit": l.number(VoiceRules.messageLimit)]), rows: 8,
                              errors: m.errors, extra: " dir=\"auto\"", l: l.localiser))
        \(Components.radios(name: "quote", legend: l.plain("public.voice.quote-legend"), options: quoteOptions, selected: m.quote,
                            hint: l.plain("public.voice.quote-hint"), errors: m.errors, l: l.localiser))
        <div class="visually-hidden" aria-hidden="true">
        <label for="\(trapField)">\(l("public.voice.trap-label"))</label>
        <input type="text" id="\(trapField)" name="\(trapField)" value="" tabindex="-1" autocomplete="off">
        </div>
        \(Components.button(l.plain("public.voice.send")))
        </form>
        """
        let title = l.plain("public.voice.title")
        return PublicPage(title: m.errors.isEmpty && !m.busy ? title : l.plain("public.voice.error-title", ["title": title]),
                          content: content, status: m.busy ? .tooManyRequests : m.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func thanks(_ l: PublicText) -> PublicPage {
        let content: HTML = """
        <div class="notification notification--success" role="status">
        <h1 class="heading-xl">\(l("public.voice.thanks-title"))</h1>
        <p>\(l("public.voice.thanks-text"))</p>
        </div>
        <p>\(l("public.voice.thanks-no-reply"))</p>
        <p><strong>\(l("public.help.emergency", ["number": l.phone("999")]))</strong></p>
        <p>\(l("public.help.helpline", ["number": l.phone(GetHelpPages.helpline)]))</p>
        <p><a href="\(l.link(.getHelp))">\(l("public.voice.thanks-get-help"))</a></p>
        """
        return PublicPage(title: l.plain("public.voice.thanks-title"), content: content)
    }
}
