import LanternCore
import Vapor

/// `/get-help`: what modern slavery is, the signs, how to report, the helpline and 999, and a
/// borough's own published contacts (`?borough=` an ONS code, from a GET form: no JavaScript,
/// and the address can be shared). The page: `GetHelpPages`.
struct GetHelpController {
    func register(_ routes: LanternRoutes) {
        routes.get(PublicSitePaths.getHelp, access: .open, use: page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        let l = request.publicText
        let boroughs = services.boroughs.all.sorted { $0.name < $1.name }
        var model = GetHelpPages.Model(boroughs: boroughs)
        if let code = request.query[String.self, at: "borough"]?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            if let borough = services.boroughs.borough(code: code) {
                model.chosen = borough
                model.contacts = try await ContactsDirectory.published(borough: borough.onsCode, services: services, on: request.db)
            } else {
                model.unknownBorough = true
            }
        }
        let page = GetHelpPages.page(model, l)
        return request.renderPublic(page, l)
    }
}
