import Fluent

/// Every schema change, in order. Append only: a migration that has shipped is never edited.
func registerMigrations(_ migrations: Migrations) {
    migrations.add(CreateOrganisation())
    migrations.add(CreateUser())
    migrations.add(CreateSession())
    migrations.add(CreateInvitation())
    migrations.add(CreateSetupToken())
    migrations.add(CreateAPIToken())
    migrations.add(CreateAuditLog())
    migrations.add(CreateKeyCheck())
    migrations.add(CreateAuditIndexes())
    migrations.add(CreateCase())
    migrations.add(CreateConsentAndShare())
    migrations.add(AddCaseReportingPeriods())
    migrations.add(CreateJobRun())
    migrations.add(CreateDataset())
    migrations.add(CreateIntelligenceReport())
    migrations.add(AddCaseReferredQuarter())
    migrations.add(AddLookupIndexes())
}
