import Vapor

/// Refuses a request whose body or query is not valid UTF-8 (as sent, or once a form's or
/// query's percent-encoding is decoded) with a clear 400, before anything reads it. Without
/// this, raw invalid bytes in a form would be decoded with replacement characters and stored
/// changed, and percent-encoded ones in a field a handler reads leniently would be dropped
/// without a word; this makes every form, query and JSON body behave the same way.
struct TextEncodingMiddleware: AsyncMiddleware {
    static let detail = "What was sent is not valid UTF-8 text. Check for characters that were pasted from elsewhere and try again."

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, !Self.isValidUTF8(Self.percentDecoded(Array(query.utf8))) {
            throw Abort(.badRequest, reason: Self.detail)
        }
        if Self.isText(request.headers.contentType) {
            if request.body.data == nil {
                // Beyond the route limit the answer is 413, as it would be later.
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            if let body = request.body.data {
                let bytes = Array(body.readableBytesView)
                // A form's names and values are percent-encoded: what they decode to must be UTF-8 too.
                let isForm = request.headers.contentType?.subType == "x-www-form-urlencoded"
                guard Self.isValidUTF8(bytes), !isForm || Self.isValidUTF8(Self.percentDecoded(bytes)) else {
                    throw Abort(.badRequest, reason: Self.detail)
                }
            }
        }
        return try await next.respond(to: request)
    }

    /// `%XX` becomes the byte XX and `+` a space; anything else is kept as it is.
    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return decoded
    }

    /// Forms and JSON: the bodies Lantern reads as text.
    static func isText(_ type: HTTPMediaType?) -> Bool {
        guard let type else { return false }
        return (type.type == "application" && (type.subType == "x-www-form-urlencoded" || type.subType == "json"
                                               || type.subType.hasSuffix("+json")))
            || type.type == "text"
    }

    static func isValidUTF8<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
