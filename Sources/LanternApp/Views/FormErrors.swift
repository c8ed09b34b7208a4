import LanternCore

/// A form's problems as the page components read them (the error summary, each field's
/// message): the domain's `ValidationProblems`, so a rule in LanternCore reports straight
/// into the page.
typealias FormErrors = ValidationProblems
