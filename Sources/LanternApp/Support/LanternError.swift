import LanternCore
import Vapor

/// Errors every feature shares. Each maps to a clear page and to an RFC 9457 problem.
enum LanternError: Error, Sendable {
    case signInRequired
    case forbidden
    case notFound
    case csrfRejected
    /// Input that failed validation, field by field; nothing was stored.
    case invalid([(field: String, message: String)])
    case conflict(String)
    case gone(String)
    case tooManyRequests
    /// An address with an empty segment (`//`).
    case malformedAddress
    /// A question too big to answer, or one still running for the same person.
    case questionTooLarge(String)
    /// The same person already has a profile question being answered.
    case questionBusy
    /// The case's identifying details were erased under the retention rules (when, if known).
    case erased(Date?)
    /// The person's role allows this only with valid training they do not hold (the
    /// qualification, and the last day a completion of it counted, if one lapsed).
    case trainingRequired(qualification: String, lapsedAfter: Day?)
    /// Something this server cannot do as installed, and what would make it able to.
    case unavailable(String)

    var status: HTTPStatus {
        switch self {
        case .signInRequired: .unauthorized
        case .forbidden, .csrfRejected, .trainingRequired: .forbidden
        case .notFound: .notFound
        case .invalid: .unprocessableEntity
        case .conflict: .conflict
        case .gone: .gone
        case .tooManyRequests: .tooManyRequests
        case .malformedAddress: .badRequest
        case .questionTooLarge: .unprocessableEntity
        case .questionBusy: .tooManyRequests
        case .erased: .gone
        case .unavailable: .serviceUnavailable
        }
    }

    var title: String {
        switch self {
        case .signInRequired: "Sign in required"
        case .forbidden: "You do not have access to this"
        case .notFound: "Page not found"
        case .csrfRejected: "This form has expired"
        case .invalid: "The information given is not valid"
        case .conflict: "This conflicts with what is already stored"
        case .gone: "This link can no longer be used"
        case .tooManyRequests: "Too many requests"
        case .malformedAddress: "This address is not valid"
        case .questionTooLarge: "This question is too large"
        case .questionBusy: "Your last question is still being answered"
        case .erased: "The identifying details of this case were erased"
        case .trainingRequired: "This needs training you do not hold"
        case .unavailable: "Not available on this server"
        }
    }

    var detail: String {
        switch self {
        case .signInRequired: "Sign in to continue."
        case .forbidden: "Your role does not allow this. Ask your organisation administrator if you need it."
        case .notFound: "If you typed the address, check it is correct. If you followed a link, the record may have been removed or you may not have access to it."
        case .csrfRejected: "The form was open too long or was sent from another site. Go back, reload the page and try again."
        case .invalid(let errors): errors.map(\.message).joined(separator: ". ")
        case .conflict(let message), .gone(let message), .unavailable(let message): message
        case .tooManyRequests: "Wait a few minutes and try again."
        case .malformedAddress: "The address has an empty part (two slashes together). Check it and try again."
        case .questionTooLarge(let message): message
        case .questionBusy: "Wait for your last question to finish, then ask again."
        case .erased(let date): CaseErasure.notice(erasedAt: date)
        case .trainingRequired(let qualification, let lapsed):
            (lapsed.map { "Your \(qualification) training counted until \($0.iso). " } ?? "You have no \(qualification) training on record. ")
                + "Your role allows this once you complete a course that gives \(qualification). Book a session at \(Href.trainingFor(qualification)), or ask your organisation administrator about an exemption."
        }
    }
}
