import Foundation
import LanternCore

/// Finds the field-encryption key: from `LANTERN_KEY` (base64), or from the key file,
/// which is created with 0600 permissions on first run. The key never enters the database.
enum KeyLoader {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func load(_ source: LanternSettings.KeySource) throws -> FieldCipher {
        switch source {
        case .value(let base64):
            guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Failure(description: "LANTERN_KEY is not base64")
            }
            return try cipher(Array(bytes), origin: "LANTERN_KEY")
        case .file(let path):
            let manager = FileManager.default
            if !manager.fileExists(atPath: path) {
                let key = FieldCipher.generateKeyBytes()
                let text = Data(key).base64EncodedString() + "\n"
                // Create with 0600 from the start so the key is never readable by others.
                guard manager.createFile(atPath: path, contents: Data(text.utf8),
                                         attributes: [.posixPermissions: 0o600]) else {
                    throw Failure(description: "cannot create the key file at \(path)")
                }
            }
            let attributes = try manager.attributesOfItem(atPath: path)
            if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
                throw Failure(description: "the key file \(path) can be read by other users; run: chmod 600 \(path)")
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Failure(description: "the key file \(path) does not hold a base64 key")
            }
            return try cipher(Array(bytes), origin: path)
        }
    }

    private static func cipher(_ bytes: [UInt8], origin: String) throws -> FieldCipher {
        do { return try FieldCipher(keyBytes: bytes) } catch {
            throw Failure(description: "\(origin): \(error)")
        }
    }
}
