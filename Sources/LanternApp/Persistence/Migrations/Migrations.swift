import Fluent
import LanternCore

/// Every schema change, in order. Append only: a migration that has shipped is never edited.
func registerMigrations(_ migrations: Migrations, cipher: FieldCipher) {
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
    migrations.add(CreateAttemptCounter())
    migrations.add(KeyTheAuditChain(key: AuditChainKey(cipher: cipher)))
    migrations.add(SealSharingFreeText(cipher: cipher))
    migrations.add(AddCaseRecordKeys())
    migrations.add(CodeNationalityAndLanguage(cipher: cipher))
    migrations.add(AddCaseKeysAndRetention(cipher: cipher))
    migrations.add(CreateOutboxAndTasks())
    migrations.add(CreateTeams())
    migrations.add(CreateGovernanceGroups())
    migrations.add(CreateStrategy())
    migrations.add(CreateDirectoryEntries())
}
