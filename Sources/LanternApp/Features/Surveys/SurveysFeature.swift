import LanternCore

/// Member surveys (issue 13): the network's surveys of its members — questions, invitations
/// to a group's members, reminders, anonymous answers, and results with disclosure control
/// (read once the survey closes, from five responses; CSV out).
extension Feature {
    static let surveys = Feature(
        name: "Surveys",
        register: { routes in
            SurveysController().register(routes)
            SurveyAnswerController().register(routes)
        },
        navigation: [NavigationEntry(label: "Surveys", href: .surveys, audience: .allowed(.manageOwnAccount), order: 86)],
        homeCards: [HomeCard(title: "Surveys", text: "The network's member surveys: answer those sent to you, anonymously.",
                             href: .surveys, audience: .allowed(.manageOwnAccount), order: 87)])
}

enum SurveyPaths {
    static let list = RoutePath("surveys")
    static let new = RoutePath("surveys", "new")
    static let show = RoutePath("surveys", ":surveyID")
    static let send = RoutePath("surveys", ":surveyID", "send")
    static let remind = RoutePath("surveys", ":surveyID", "remind")
    static let close = RoutePath("surveys", ":surveyID", "close")
    static let csv = RoutePath("surveys", ":surveyID", "results.csv")
    static let answer = RoutePath("surveys", ":surveyID", "answer")
}

extension Href {
    static let surveys = Href(SurveyPaths.list)
    static let newSurvey = Href(SurveyPaths.new)
    static func survey(_ id: String) -> Href { SurveyPaths.show.href(id) }
    static func sendSurvey(_ id: String) -> Href { SurveyPaths.send.href(id) }
    static func remindSurvey(_ id: String) -> Href { SurveyPaths.remind.href(id) }
    static func closeSurvey(_ id: String) -> Href { SurveyPaths.close.href(id) }
    static func surveyCSV(_ id: String) -> Href { SurveyPaths.csv.href(id) }
    static func answerSurvey(_ id: String) -> Href { SurveyPaths.answer.href(id) }
}
