import Foundation

/// Buffered line output to a file.
final class LineWriter: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private let lock = NSLock()

    init(path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BackupFailure("cannot write \(path)") }
        self.handle = handle
    }

    func line(_ data: Data) throws {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(data)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flushLocked() }
    }

    func finish() throws {
        lock.lock()
        defer { lock.unlock() }
        try flushLocked()
        try handle.synchronize()
        try handle.close()
    }

    private func flushLocked() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a file line by line without loading it whole.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private var position = 0
    private var atEnd = false
    private let lock = NSLock()

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupFailure("cannot read \(path)") }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next line without its newline, or nil at the end of the file.
    func next() throws -> Data? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            let start = buffer.startIndex + position
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                position = newline + 1 - buffer.startIndex
                return Data(buffer[start..<newline])
            }
            if atEnd {
                guard start < buffer.endIndex else { return nil }
                position = buffer.count
                return Data(buffer[start...])
            }
            // Keep only the unread part, then read on.
            buffer = Data(buffer[start...])
            position = 0
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { buffer.append(chunk) } else { atEnd = true }
        }
    }
}
