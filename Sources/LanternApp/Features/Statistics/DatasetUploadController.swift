import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Partner returns on the web: an analyst uploads a table (CSV, .xlsx or .ods), sees what
/// Lantern read (the first rows, the mapping, the totals check, or every problem by line and
/// column), then confirms or discards it. Confirming stores it with the same code as
/// `lantern import` (`StatisticsImporter`, `DatasetStore`). An upload that does not read
/// stores nothing; one that reads waits, for its uploader only, until confirmed or discarded
/// (a newer upload by the same person takes its place). The pages: `DatasetUploadPages`.
struct DatasetUploadController {
    /// How long an upload waits for its uploader: a day, then it is gone (and removed at the next upload).
    static let lifetime: TimeInterval = 24 * 60 * 60

    func register(_ routes: LanternRoutes) {
        // Room for the form's other fields and the multipart framing around the largest file.
        let limit = routes.app.lantern.settings.datasetUploadMaxBytes + 256 * 1024
        routes.get(StatisticsPaths.upload, access: .action(.importStatistics), use: form)
        routes.post(StatisticsPaths.upload, access: .action(.importStatistics), maxBody: limit, use: upload)
        routes.get(StatisticsPaths.uploaded, access: .action(.importStatistics), use: preview)
        routes.post(StatisticsPaths.confirmUpload, access: .action(.importStatistics), use: confirm)
        routes.post(StatisticsPaths.discardUpload, access: .action(.importStatistics), use: discard)
    }

    struct UploadForm: Content {
        var file: File?
        /// "" (detect), a built-in mapping's name, or "written" (the JSON in `mappingJSON`).
        var mapping: String?
        var mappingJSON: String?
        var from: String?
        var to: String?
        var title: String?
        var source: String?
        var licence: String?
        var replace: String?
        var covers: String?
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        return request.render(try await page(request, form: DatasetUploadPages.Form()))
    }

    private func page(_ request: Request, form: DatasetUploadPages.Form, status: HTTPStatus = .ok) async throws -> Page {
        let datasets = try await StatisticsDataset.query(on: request.db).sort(\.$importedAt, .descending).all()
        var page = DatasetUploadPages.form(form, datasets: datasets, maxBytes: request.application.lantern.settings.datasetUploadMaxBytes,
                                           csrf: request.csrfToken, l: DatasetsPages.localiser(request))
        page.status = status
        return page
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let context = try request.authorise(.importStatistics)
        let l = DatasetsPages.localiser(request)
        let settings = request.application.lantern.settings
        let input = (try? request.content.decode(UploadForm.self)) ?? UploadForm()
        var form = DatasetUploadPages.Form(mapping: input.mapping ?? "", mappingJSON: input.mappingJSON ?? "", from: input.from ?? "",
                                           to: input.to ?? "", title: input.title ?? "", source: input.source ?? "",
                                           licence: input.licence ?? "", replace: input.replace ?? "", covers: input.covers ?? "")
        func refuse(_ status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            request.render(try await page(request, form: form, status: status))
        }
        guard let file = input.file, !file.filename.isEmpty, file.data.readableBytes > 0 else {
            form.errors.add("file", l("datasets.upload-file-missing"))
            return try await refuse()
        }
        guard file.data.readableBytes <= settings.datasetUploadMaxBytes else {
            form.errors.add("file", l("datasets.upload-too-large", ["limit": "\(settings.datasetUploadMaxBytes / 1024 / 1024) MB"]))
            return try await refuse(.payloadTooLarge)
        }
        let mapping: StatisticsMapping?
        switch DatasetUploadPages.mapping(form.mapping, json: form.mappingJSON) {
        case .success(let m): mapping = m
        case .failure(let problem):
            form.errors.add(form.mapping == DatasetUploadPages.writtenMapping ? "mappingJSON" : "mapping", problem.message)
            return try await refuse()
        }
        var replacing: UUID?
        if !form.replace.isEmpty {
            guard let id = UUID(exactly: form.replace), try await StatisticsDataset.find(id, on: request.db) != nil else {
                form.errors.add("replace", l("datasets.upload-replace-unknown"))
                return try await refuse()
            }
            replacing = id
        }
        guard let covers = DatasetCoverage(rawValue: form.covers) else {
            form.errors.add("covers", l("datasets.upload-covers-missing"))
            return try await refuse()
        }
        let fileName = PaperName.sanitised(file.filename)
        let choices = DatasetUploadChoices(mapping: mapping, from: form.from, to: form.to,
                                           title: form.title.trimmingCharacters(in: .whitespaces),
                                           source: form.source.trimmingCharacters(in: .whitespaces),
                                           licence: form.licence.trimmingCharacters(in: .whitespaces), replace: replacing, covers: covers)
        let content = Data(file.data.readableBytesView)
        let boroughs = request.application.lantern.boroughs
        let result = try await request.application.threadPool.runIfActive {
            DatasetUploadReading.read(content, choices: choices, boroughs: boroughs)
        }
        let reading: DatasetUploadReading
        switch result {
        case .success(let r): reading = r
        case .failure(let refusal):
            if let message = refusal.periodProblem {
                form.errors.add("from", message)
            } else {
                form.errors.add("file", l("datasets.upload-rejected", ["count": l.number(refusal.totalProblems), "file": fileName]))
                form.problems = refusal.problems
                form.totalProblems = refusal.totalProblems
            }
            return try await refuse()
        }
        let upload = DatasetUpload()
        upload.id = UUID()
        upload.userID = context.userID
        upload.createdAt = request.application.lantern.now
        upload.fileName = fileName
        upload.kind = reading.kind.rawValue
        upload.content = content
        upload.choices = String(decoding: try JSONEncoder().encode(choices), as: UTF8.self)
        let user = context.userID, expired = upload.createdAt.addingTimeInterval(-Self.lifetime)
        try await request.db.transaction { tx in
            // One waiting upload per person: a newer one takes the place of the last; anyone's
            // older than a day is removed too.
            try await DatasetUpload.query(on: tx).group(.or) { $0.filter(\.$userID == user).filter(\.$createdAt < expired) }.delete()
            try await upload.create(on: tx)
            try await request.audit(AuditEvent(action: "dataset.uploaded", recordType: "dataset_upload", recordID: upload.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.datasetUpload(upload.id!.uuidString))
    }

    /// The waiting upload in the path, if it is this person's (404 for anyone else's, or one gone).
    private func load(_ request: Request) async throws -> (DatasetUpload, DatasetUploadChoices) {
        let context = try request.authorise(.importStatistics)
        guard let id = request.parameters.get("uploadID").flatMap(UUID.init(exactly:)),
              let upload = try await DatasetUpload.find(id, on: request.db), upload.userID == context.userID,
              upload.createdAt > request.application.lantern.now.addingTimeInterval(-Self.lifetime),
              let choices = try? JSONDecoder().decode(DatasetUploadChoices.self, from: Data(upload.choices.utf8)) else {
            throw LanternError.notFound
        }
        return (upload, choices)
    }

    /// Reads the waiting upload again (the same code, the same answer), off the event loop.
    private func read(_ upload: DatasetUpload, _ choices: DatasetUploadChoices, _ request: Request) async throws -> DatasetUploadReading {
        let content = upload.content, boroughs = request.application.lantern.boroughs
        let result = try await request.application.threadPool.runIfActive {
            DatasetUploadReading.read(content, choices: choices, boroughs: boroughs)
        }
        // It read when uploaded; only a change to Lantern's own lists could make it not read now.
        guard case .success(let reading) = result else { throw LanternError.conflict("this upload no longer reads: upload it again") }
        return reading
    }

    private func previewPage(_ request: Request, _ upload: DatasetUpload, _ choices: DatasetUploadChoices,
                             status: HTTPStatus = .ok) async throws -> Response {
        let reading = try await read(upload, choices, request)
        let same = try await DatasetStore.sameContent(as: reading.parsed.contentDigest, measure: reading.parsed.mapping.measure,
                                                      from: reading.from, to: reading.to, on: request.db)
        var replacing: StatisticsDataset?
        if let id = choices.replace { replacing = try await StatisticsDataset.find(id, on: request.db) }
        var page = DatasetUploadPages.preview(.init(upload: upload, choices: choices, reading: reading,
                                                    sameContent: same.flatMap { $0.id == choices.replace ? nil : $0 },
                                                    replacing: replacing, csrf: request.csrfToken,
                                                    boroughs: request.application.lantern.boroughs),
                                              l: DatasetsPages.localiser(request))
        page.status = status
        return request.render(page)
    }

    @Sendable func preview(_ request: Request) async throws -> Response {
        let (upload, choices) = try await load(request)
        return try await previewPage(request, upload, choices)
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        let (upload, choices) = try await load(request)
        let context = try request.requireSignedIn()
        let reading = try await read(upload, choices, request)
        let uploadID = try upload.requireID(), user = context.userID
        let metadata = DatasetMetadata(title: choices.title.isEmpty ? upload.fileName : choices.title,
                                       source: choices.source.isEmpty ? reading.parsed.mapping.description : choices.source,
                                       licence: choices.licence.isEmpty ? "Open Government Licence v3.0" : choices.licence,
                                       from: reading.from, to: reading.to, fileName: upload.fileName,
                                       importedBy: user, importedByLabel: "\(context.user.displayName), \(context.organisationName)",
                                       coverage: choices.covers ?? .national)
        let replacing = choices.replace
        let dataset: StatisticsDataset
        do {
            dataset = try await DatasetStore.store(reading.parsed, file: upload.content, metadata: metadata, replacing: replacing,
                                                   on: request.db, claim: { tx in
                // Claimed by deleting it: of two confirmations at once, one deletes it and goes on.
                guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
                let rows = try await sql.raw("DELETE FROM dataset_uploads WHERE id = \(bind: uploadID) AND user_id = \(bind: user) RETURNING id").all()
                guard !rows.isEmpty else { throw UploadGone() }
            }, audit: { db, dataset in
                try await request.audit(AuditEvent(action: replacing == nil ? "dataset.imported" : "dataset.replaced",
                                                   recordType: "dataset", recordID: dataset.id?.uuidString), on: db)
            })
        } catch is UploadGone {
            throw LanternError.notFound
        } catch is DuplicateDataset {
            return try await previewPage(request, upload, choices, status: .conflict)
        } catch let error as LanternError {
            // The dataset it replaces was removed meanwhile.
            guard case .notFound = error, replacing != nil else { throw error }
            return try await previewPage(request, upload, choices, status: .conflict)
        }
        return request.redirect(to: Href.datasets.query("imported", dataset.id!.uuidString))
    }

    @Sendable func discard(_ request: Request) async throws -> Response {
        let (upload, _) = try await load(request)
        try await request.db.transaction { tx in
            try await upload.delete(on: tx)
            try await request.audit(AuditEvent(action: "dataset.upload_discarded", recordType: "dataset_upload", recordID: upload.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.datasets.query("discarded", "1"))
    }

    private struct UploadGone: Error {}
}
