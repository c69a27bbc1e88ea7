import Clearance
import Foundation
import Hummingbird
import Portunus
import PortunusCore

/// `/api/v1/declarations`: lodge one (JSON) or many (NDJSON), list with filters and cursor
/// pagination, read one. Decode, authorize (in the use case), call, encode — nothing else.
struct DeclarationRoutes {
    let service: DeclarationService
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    /// Assesses what is lodged: score, rules, lane, reasons — returned with the answer.
    let assessor: (any LodgementAssessor)?

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post(use: lodge)
        group.get(use: list)
        group.get("{id}", use: read)
        group.get("{id}/milestones", use: milestones)
    }

    // MARK: POST

    /// Per-record answer of an NDJSON batch.
    struct BatchResponse: Encodable {
        struct Record: Encodable {
            var record: Int
            var id: String?
            /// A trader's own reference, when Portunus assigned the id.
            var reference: String?
            var status: DeclarationService.RecordResult.Status
            var problems: [ProblemDetails.Item]?
            var warnings: [ProblemDetails.Item]?
            var assessment: AssessmentDisclosure?
        }
        var accepted: Int
        var alreadyPresent: Int
        var rejected: Int
        var results: [Record]

        enum CodingKeys: String, CodingKey { case accepted, alreadyPresent = "already_present", rejected, results }
    }

    /// Answer to a single JSON declaration that was stored (or already was).
    struct Lodged: Encodable {
        var id: String
        /// A trader's own reference, when Portunus assigned the id.
        var reference: String?
        var status: DeclarationService.RecordResult.Status
        var warnings: [ProblemDetails.Item]?
        var assessment: AssessmentDisclosure?
    }

    /// What the caller may see of an assessment stored with its declaration (``AssessmentDisclosure``).
    func disclosure(_ result: DeclarationService.RecordResult, to principal: Principal) -> AssessmentDisclosure? {
        result.assessment.flatMap { AssessmentDisclosure.of($0, for: principal, lanesToTraders: configuration.laneToTraders) }
    }

    @Sendable func lodge(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .lodgeDeclarations)
        let mediaType =
            (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let isBatch: Bool
        switch mediaType {
        case "application/json": isBatch = false
        case "application/x-ndjson", "application/ndjson", "application/jsonl": isBatch = true
        default:
            throw PortunusError(.unsupportedMediaType, "send application/json (one declaration) or application/x-ndjson (one per line)")
        }
        // `?explain=none|inspected|all` (default inspected: the model's reasons for red and
        // yellow) is checked before the body is read, so a bad option stores nothing.
        let explainText = request.uri.queryParameters["explain"].map { String($0) }
        guard let explain = OnlineRiskAssessor.Explain(rawValue: explainText ?? "inspected") else {
            throw PortunusError(.invalidArgument, "explain is none, inspected or all", field: "explain")
        }
        let body = try await request.collect(.declarations(maximumBytes: configuration.maximumBodyBytes))
        if !isBatch {
            let document = DeclarationJSON.decode(Data(buffer: body))
            let results = try service.lodge([document], assessor: assessor, explain: explain, by: principal)
            record(results)
            let result = results[0]
            guard result.status != .rejected else {
                throw RejectedDocument(problems: result.problems)
            }
            let payload = Lodged(
                id: result.id ?? "", reference: result.reference, status: result.status,
                warnings: result.warnings.isEmpty ? nil : result.warnings.map(ProblemDetails.item),
                assessment: disclosure(result, to: principal))
            return try json(
                payload, status: result.status == .accepted ? .created : .ok,
                headers: [.location: "/api/v1/declarations/\(result.id ?? "")"])
        }

        let lines = try body.withUnsafeReadableBytes { raw throws(PortunusError) in
            try DeclarationJSON.decodeLines(raw, limit: configuration.maximumRecordsPerRequest)
        }
        let results = try service.lodge(lines.documents, assessor: assessor, explain: explain, by: principal)
        record(results)
        let response = BatchResponse(
            accepted: results.count { $0.status == .accepted },
            alreadyPresent: results.count { $0.status == .alreadyPresent },
            rejected: results.count { $0.status == .rejected },
            results: results.map { result in
                BatchResponse.Record(
                    record: lines.lineNumbers[result.record - 1], id: result.id, reference: result.reference, status: result.status,
                    problems: result.problems.isEmpty ? nil : result.problems.map(ProblemDetails.item),
                    warnings: result.warnings.isEmpty ? nil : result.warnings.map(ProblemDetails.item),
                    assessment: disclosure(result, to: principal))
            })
        return try json(response, status: .ok)
    }

    private func record(_ results: [DeclarationService.RecordResult]) {
        metrics.received(outcome: "accepted", count: results.count { $0.status == .accepted })
        metrics.received(outcome: "already_present", count: results.count { $0.status == .alreadyPresent })
        metrics.received(outcome: "rejected", count: results.count { $0.status == .rejected })
        for result in results where result.status == .rejected {
            for problem in result.problems { metrics.rejected(code: problem.code.rawValue) }
        }
    }

    // MARK: GET

    struct ListResponse: Encodable {
        var declarations: [Declaration]
        var next: String?
    }

    static let listParameters: Set<String> = ["office", "importer", "hs", "from", "to", "cursor", "limit", "state"]

    @Sendable func list(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: Self.listParameters)
        func date(_ name: String) throws(PortunusError) -> Date? {
            try query.value(name, "\(name) is not an ISO 8601 date", code: .invalidDate, parse: ISO8601.parse)
        }
        // The use case checks the range (1 to its maximum page size) with its own message.
        let limit = try query.value("limit", "limit must be a number", parse: { Int($0) }) ?? 100
        let filter = DeclarationService.Filter(
            office: query["office"], importer: query["importer"], hsPrefix: query["hs"], lodgedFrom: try date("from"),
            lodgedBefore: try date("to"), cursor: query["cursor"], state: query["state"], limit: limit)
        let page = try service.list(filter, by: principal)
        return try json(ListResponse(declarations: page.declarations, next: page.next), status: .ok)
    }

    @Sendable func read(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let declaration = try service.read(id, by: principal)
        let state = try service.clearanceState(id, by: principal)
        return try json(WithState(declaration: declaration, state: state.stage.rawValue), status: .ok)
    }

    /// A declaration with its clearance `state` beside its own fields.
    struct WithState: Encodable {
        var declaration: Declaration
        var state: String
        enum CodingKeys: String, CodingKey { case state }

        func encode(to encoder: any Encoder) throws {
            try declaration.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(state, forKey: .state)
        }
    }

    @Sendable func milestones(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        struct Body: Encodable { var milestones: [Milestone] }
        let milestones = try service.milestones(id, by: principal, lanesToTraders: configuration.laneToTraders)
        return try json(Body(milestones: milestones), status: .ok)
    }

    private func json(_ value: some Encodable, status: HTTPResponse.Status, headers extra: HTTPFields = [:]) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        let data = try DeclarationJSON.encoder().encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
