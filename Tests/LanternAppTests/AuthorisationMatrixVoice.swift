import Foundation
@testable import LanternApp
@testable import LanternCore

/// The survivor-voice part of the authorisation matrix: one message waiting for a moderator.
extension AuthorisationMatrixTests {
    static func makeVoiceMessage(_ lantern: TestLantern) async throws -> UUID {
        let message = VoiceMessage()
        let id = UUID()
        message.id = id
        message.receivedOn = lantern.today.daysSinceEpoch
        message.language = "en-GB"
        message.sealedText = try lantern.app.lantern.cipher.seal("A message for the matrix", context: VoiceMessage.sealContext(id))
        message.consentToQuote = false
        message.state = VoiceState.new.rawValue
        message.themes = ""
        try await message.create(on: lantern.app.db)
        return id
    }
}
