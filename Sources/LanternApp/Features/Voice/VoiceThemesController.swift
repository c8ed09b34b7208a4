import Fluent
import Foundation
import LanternCore
import Vapor

/// `/voice/themes`: survivor voice as the board sees it — kept messages per theme for the last
/// four quarters that have ended, each quarter published whole or withheld whole
/// (`VoiceThemeFigures`), and the excerpts moderators published with their senders' consent.
/// No message's own words reach this page otherwise.
struct VoiceThemesController {
    static let quarters = 4
    static let excerptLimit = 50

    func register(_ routes: LanternRoutes) {
        routes.get(VoicePaths.themes, access: .action(.viewVoiceThemes), use: page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        _ = try request.authorise(.viewVoiceThemes, on: .otherOrganisation)
        let today = request.application.lantern.today
        let quarters = VoiceThemeFigures.endedQuarters(before: today, count: Self.quarters)
        let from = quarters[0].firstDay.daysSinceEpoch
        let until = Quarter(containing: today).firstDay.daysSinceEpoch
        let kept = try await VoiceMessage.query(on: request.db).filter(\.$state == VoiceState.kept.rawValue)
            .filter(\.$receivedOn >= from).filter(\.$receivedOn < until)
            .field(\.$id).field(\.$receivedOn).field(\.$themes).all()
        let waiting = try await VoiceMessage.query(on: request.db).filter(\.$state == VoiceState.new.rawValue)
            .filter(\.$receivedOn >= from).filter(\.$receivedOn < until).field(\.$id).field(\.$receivedOn).all()
        let columns = VoiceThemeFigures.columns(kept.map { .init(received: $0.receivedDay, themes: $0.themeSet) }, quarters: quarters,
                                                waiting: Set(waiting.map { Quarter(containing: $0.receivedDay) }),
                                                threshold: request.application.lantern.settings.disclosureThreshold)
        let published = try await VoiceMessage.query(on: request.db).filter(\.$state == VoiceState.kept.rawValue)
            .filter(\.$excerpt != nil).sort(\.$publishedOn, .descending).sort(\.$id).limit(Self.excerptLimit)
            .field(\.$id).field(\.$receivedOn).field(\.$themes).field(\.$excerpt).field(\.$language).all()
        let excerpts = published.compactMap { message in
            message.excerpt.map { VoicePages.Excerpt(text: $0, language: message.language, quarter: Quarter(containing: message.receivedDay),
                                                     themes: message.themeSet) }
        }
        try await request.audit(AuditEvent(action: "voice.themes_viewed", recordType: "voice_themes"))
        return request.render(VoicePages.themes(.init(columns: columns, excerpts: excerpts,
                                                      threshold: request.application.lantern.settings.disclosureThreshold),
                                                l: VoiceModerationController.localiser(request)))
    }
}
