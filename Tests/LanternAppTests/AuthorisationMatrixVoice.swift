import Foundation
@testable import LanternApp
@testable import LanternCore

/// The survivor-voice part of the authorisation matrix: one message waiting for a moderator.
extension AuthorisationMatrixTests {
    static func makeVoiceMessage(_ lantern: TestLantern) async throws -> UUID {
        let message = try VoiceMessage.waiting("A message for the matrix", language: "en-GB", consentToQuote: false,
                                               receivedOn: lantern.today, cipher: lantern.app.lantern.cipher)
        try await message.create(on: lantern.app.db)
        return try message.requireID()
    }
}
