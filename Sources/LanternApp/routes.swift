import Vapor

/// Every route Lantern serves, by feature. Each is registered with its access rule.
func routes(_ app: Application) throws {
    let routes = LanternRoutes(app)

    do { // public and signing in
        HomeController().register(routes)
        PublicStatisticsController().register(routes)
        HealthController().register(routes)
        SetupController().register(routes)
        SignInController().register(routes)
        SecondFactorEnrolment().register(routes)
        InvitationAcceptance().register(routes)
    }

    do { // signed in
        AccountController().register(routes)
        UsersController().register(routes)
        AuditTrailController().register(routes)
        OrganisationsAdminController().register(routes)
        CasesController().register(routes)
        SharingController().register(routes)
        ProfileController().register(routes)
        DatasetsController().register(routes)
        IntelligenceController().register(routes)
        RetentionController().register(routes)
    }

    do { // JSON API
        APIController().register(routes)
        CasesAPIController().register(routes)
    }
}
