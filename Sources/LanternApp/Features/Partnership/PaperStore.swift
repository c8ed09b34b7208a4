import Crypto
import Fluent
import Foundation
import LanternCore
import Vapor

/// Where papers' bytes live: in the database (the default) or in the storage folder named by
/// `LANTERN_PAPERS_FOLDER`, each file under a random name (never the name it was uploaded
/// with), written to a temporary file first and then renamed into place, so a half-written
/// file is never read as a paper.
struct PaperStore: Sendable {
    let folder: String?

    init(settings: LanternSettings) { folder = settings.papersFolder }

    struct Stored: Sendable {
        let storage: String
        let content: Data?
        let key: String?
    }

    enum StoreError: Error { case folderUnusable, missing }

    /// Keeps the bytes; for the folder, the file is in place when this returns.
    func store(_ bytes: [UInt8], on pool: NIOThreadPool) async throws -> Stored {
        guard let folder else { return Stored(storage: "db", content: Data(bytes), key: nil) }
        let key = UUID().uuidString.lowercased()
        try await pool.runIfActive {
            let manager = FileManager.default
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let temporary = URL(fileURLWithPath: folder).appendingPathComponent(".incoming-" + key)
            let final = URL(fileURLWithPath: folder).appendingPathComponent(key)
            guard manager.createFile(atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.folderUnusable
            }
            do { try manager.moveItem(at: temporary, to: final) } catch {
                try? manager.removeItem(at: temporary)
                throw error
            }
        }
        return Stored(storage: "folder", content: nil, key: key)
    }

    /// The bytes of a stored paper.
    func load(_ paper: Paper, on pool: NIOThreadPool) async throws -> Data {
        if paper.storage == "db" { return paper.content ?? Data() }
        guard let folder, let key = paper.storageKey, Self.isKey(key) else { throw StoreError.missing }
        return try await pool.runIfActive {
            guard let data = FileManager.default.contents(atPath: URL(fileURLWithPath: folder).appendingPathComponent(key).path) else {
                throw StoreError.missing
            }
            return data
        }
    }

    /// Removes a paper's file (after its row is gone); a missing file is no error.
    func remove(_ paper: Paper, on pool: NIOThreadPool) async {
        guard paper.storage == "folder", let folder, let key = paper.storageKey, Self.isKey(key) else { return }
        try? await pool.runIfActive {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).appendingPathComponent(key).path)
        }
    }

    /// A storage key is a UUID Lantern chose: nothing else is ever opened.
    static func isKey(_ key: String) -> Bool { UUID(exactly: key) != nil && !key.contains("/") }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }
}

/// The response every paper is served with: a download, never shown in the browser, of the
/// type its content was found to be, in a sandbox should anything try to render it.
enum PaperDownload {
    static func response(_ paper: Paper, bytes: Data) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: paper.mediaType)
        headers.replaceOrAdd(name: .contentDisposition, value: PaperName.contentDisposition(for: paper.fileName))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }
}
