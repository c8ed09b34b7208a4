import LanternCore

/// Training (issue 13): courses, their sessions with places, a waiting list, attendance and
/// printable certificates, and the Train-the-Trainer cascade (who trained whom, its depth and
/// reach, and the trainers who have yet to deliver what they committed to); sessions a trainer
/// opens to the public are booked on the public site by anyone (`TrainingOpenController`).
extension Feature {
    static let training = Feature(
        name: "Training",
        register: { routes in
            TrainingCoursesController().register(routes)
            TrainingSessionsController().register(routes)
            TrainingCascadeController().register(routes)
            TrainingCoverageController().register(routes)
            TrainingEvaluationController().register(routes)
            TrainingExemptionsController().register(routes)
            TrainingOpenController().register(routes)
        },
        navigation: [NavigationEntry(label: "Training", href: .training, audience: .allowed(.registerForTraining), order: 80)],
        homeCards: [HomeCard(title: "Training", text: "Courses and sessions: book a place, see your certificates.",
                             href: .training, audience: .allowed(.registerForTraining), order: 80),
                    HomeCard(title: "Train-the-Trainer cascade", text: "Who trained whom, how far it reached, and who has yet to train anyone.",
                             href: .trainingCascade, audience: .allowed(.viewTrainingCoverage), order: 81),
                    HomeCard(title: "Training exemptions", text: "Who the training requirements hold back, and short exemptions until they can attend.",
                             href: .trainingExemptions, audience: .allowed(.grantTrainingExemption), order: 82)])
}

enum TrainingPaths {
    static let overview = RoutePath("training")
    static let newCourse = RoutePath("training", "courses", "new")
    static let course = RoutePath("training", "courses", ":courseID")
    static let newSession = RoutePath("training", "courses", ":courseID", "sessions", "new")
    static let session = RoutePath("training", "sessions", ":sessionID")
    static let register = RoutePath("training", "sessions", ":sessionID", "register")
    static let givePlaceUp = RoutePath("training", "sessions", ":sessionID", "give-up")
    static let external = RoutePath("training", "sessions", ":sessionID", "externals")
    static let attendance = RoutePath("training", "sessions", ":sessionID", "attendance")
    static let cancelSession = RoutePath("training", "sessions", ":sessionID", "cancel")
    static let certificate = RoutePath("training", "places", ":registrationID", "certificate")
    static let cascade = RoutePath("training", "cascade")
    static let cascadeJSON = RoutePath("training", "cascade.json")
    static let coverage = RoutePath("training", "coverage")
    static let evaluation = RoutePath("training", "sessions", ":sessionID", "evaluation")
    static let evaluations = RoutePath("training", "evaluations")
    static let coverageCSV = RoutePath("training", "coverage.csv")
    static let coverageJSON = RoutePath("training", "coverage.json")
    static let exemptions = RoutePath("training", "exemptions")
    static let revokeExemption = RoutePath("training", "exemptions", ":exemptionID", "end")
    /// The public site's: sessions open to anyone, and a place reached by its own link.
    static let openSessions = RoutePath("training", "open")
    static let openSession = RoutePath("training", "open", ":sessionID")
    static let booking = RoutePath("training", "booking", ":token")
    static let giveUpBooking = RoutePath("training", "booking", ":token", "give-up")
}

extension Href {
    static let training = Href(TrainingPaths.overview)
    /// Training's page narrowed to the courses that give a qualification.
    static func trainingFor(_ qualification: String) -> Href { training.query("qualification", qualification) }
    static let newTrainingCourse = Href(TrainingPaths.newCourse)
    static func trainingCourse(_ id: String) -> Href { TrainingPaths.course.href(id) }
    static func newTrainingSession(_ courseID: String) -> Href { TrainingPaths.newSession.href(courseID) }
    static func trainingSession(_ id: String) -> Href { TrainingPaths.session.href(id) }
    static func registerForTraining(_ sessionID: String) -> Href { TrainingPaths.register.href(sessionID) }
    static func giveUpTrainingPlace(_ sessionID: String) -> Href { TrainingPaths.givePlaceUp.href(sessionID) }
    static func addExternalTrainee(_ sessionID: String) -> Href { TrainingPaths.external.href(sessionID) }
    static func trainingAttendance(_ sessionID: String) -> Href { TrainingPaths.attendance.href(sessionID) }
    static func cancelTrainingSession(_ sessionID: String) -> Href { TrainingPaths.cancelSession.href(sessionID) }
    static func trainingCertificate(_ registrationID: String) -> Href { TrainingPaths.certificate.href(registrationID) }
    static let trainingCascade = Href(TrainingPaths.cascade)
    static let trainingCascadeJSON = Href(TrainingPaths.cascadeJSON)
    static let trainingCoverage = Href(TrainingPaths.coverage)
    static func trainingEvaluation(_ sessionID: String) -> Href { TrainingPaths.evaluation.href(sessionID) }
    static let trainingEvaluations = Href(TrainingPaths.evaluations)
    static let trainingCoverageCSV = Href(TrainingPaths.coverageCSV)
    static let trainingCoverageJSON = Href(TrainingPaths.coverageJSON)
    static let trainingExemptions = Href(TrainingPaths.exemptions)
    static func revokeTrainingExemption(_ id: String) -> Href { TrainingPaths.revokeExemption.href(id) }
    static let openTraining = Href(TrainingPaths.openSessions)
    static func openTrainingSession(_ id: String) -> Href { TrainingPaths.openSession.href(id) }
}
