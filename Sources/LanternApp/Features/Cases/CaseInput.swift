import LanternCore
import Vapor

// A new case as the page form or the API sends it; the rules that check it are
// `CaseValidation.validate` in LanternCore.
extension NewCaseInput: Content {}
