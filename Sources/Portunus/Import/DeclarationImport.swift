import Foundation
import Logging
import PortunusCore
import Storage

/// The import use case: a CSV file of declarations into the store.
///
/// The file is streamed (memory bounded by one batch, never the file), decoded under a
/// ``ColumnMapping``, validated, and written in batched transactions. Good declarations land;
/// every bad row goes to the rejects file with its line, column and reason; a declaration
/// whose id is already stored with the same content is counted as already present, so running
/// the same import twice adds nothing twice. A crash at any point leaves whole batches only,
/// and re-running completes the import.
///
/// ```swift
/// let summary = try DeclarationImport(store: store).run(.init(path: "df_syn_train_eng.csv", mapping: .kcs))
/// print(summary.line)   // imported 37385, already present 0, rejected 0, warned 902 ...
/// ```
public struct DeclarationImport: Sendable {
    public struct Request: Sendable {
        public var path: String
        public var mapping: ColumnMapping
        /// Where rejected rows go; `<input>.rejects.csv` when nil.
        public var rejectsPath: String?
        /// Declarations per transaction.
        public var batchSize: Int

        public init(path: String, mapping: ColumnMapping, rejectsPath: String? = nil, batchSize: Int = 5000) {
            self.path = path
            self.mapping = mapping
            self.rejectsPath = rejectsPath
            self.batchSize = max(1, batchSize)
        }
    }

    /// Progress after each committed batch.
    public struct Progress: Sendable {
        public var rowsRead: Int
        public var bytesRead: Int
        public var totalBytes: Int
        public var imported: Int
        public var alreadyPresent: Int
        public var rejected: Int
    }

    /// What an import did, in numbers.
    public struct Summary: Sendable, Hashable {
        /// Data rows read (header excluded).
        public var rowsRead = 0
        /// Declarations stored by this run.
        public var imported = 0
        /// Goods items stored by this run.
        public var itemsImported = 0
        /// Declarations skipped because the same declaration was already stored.
        public var alreadyPresent = 0
        /// Declarations rejected (bad rows, or an id already used by different content).
        public var rejectedDeclarations = 0
        /// Rows rejected; a rejected declaration rejects all of its rows.
        public var rejectedRows = 0
        /// Imported declarations that carry at least one warning (zero mass, zero value).
        public var warned = 0
        /// Warnings by code, over imported declarations.
        public var warningsByCode: [String: Int] = [:]
        /// Rejections by code, over rejected rows' problems.
        public var rejectionsByCode: [String: Int] = [:]
        /// Header columns that the layout does not use (their data are not imported).
        public var unusedColumns: [String] = []
        /// The rejects file, when anything was rejected.
        public var rejectsPath: String?
        public var seconds: Double = 0

        /// The one-line summary the CLI prints.
        public var line: String {
            var text = "imported \(imported), already present \(alreadyPresent), rejected \(rejectedDeclarations), warned \(warned)"
            text += " (declarations; \(rowsRead) rows read, \(rejectedRows) rows rejected)"
            return text
        }
    }

    let store: PortunusStore
    let logger: Logger
    let tariff: TariffService

    public init(store: PortunusStore, logger: Logger = Logger(label: "portunus.import")) {
        self.store = store
        self.logger = logger
        tariff = TariffService(store: store)
    }

    /// The item index in a pointer such as `/items/3/net_mass`.
    static func itemIndex(of pointer: String?) -> Int? {
        guard let pointer, pointer.hasPrefix("/items/") else { return nil }
        return Int(pointer.dropFirst(7).prefix { $0 != "/" })
    }

    /// `/items/3/net_mass` as the row sees it: `/items/0/net_mass` (each row is one item).
    static func firstItemPointer(_ pointer: String) -> String {
        guard let index = itemIndex(of: pointer) else { return pointer }
        return "/items/0" + pointer.dropFirst(7 + String(index).count)
    }

    public func run(_ request: Request, progress: (Progress) -> Void = { _ in }) throws(PortunusError) -> Summary {
        let started = Date()
        let (reader, decoder) = try DeclarationRowDecoder.open(path: request.path, mapping: request.mapping)
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: request.path)[.size] as? Int) ?? 0
        let rejects = RejectsWriter(path: request.rejectsPath ?? request.path + ".rejects.csv")
        // A rejects file left by an earlier run of this input describes rows that this run
        // judges afresh.
        try? FileManager.default.removeItem(atPath: rejects.path)
        let run = try store.declarations.beginImportRun(source: (request.path as NSString).lastPathComponent, format: request.mapping.name)
        logger.info("import started", metadata: ["run": "\(run)", "format": "\(request.mapping.name)", "bytes": "\(totalBytes)"])

        var summary = Summary()
        summary.unusedColumns = decoder.unusedColumns
        var batch: [StoredDeclaration] = []
        var batchRows: [[CSVRecord]] = []  // per declaration of the batch: its raw rows, kept for conflicts
        batch.reserveCapacity(min(request.batchSize, 10_000))  // --batch-size may be Int.max: one batch, grown as it fills

        // The declaration being assembled from consecutive rows with one id.
        var group: (id: DeclarationID, declaration: Declaration?, rows: [(line: Int, raw: CSVRecord, problems: [PortunusError])])? = nil

        func reject(_ problems: [PortunusError], raw: [String]) throws(PortunusError) {
            summary.rejectedRows += 1
            for problem in problems {
                summary.rejectionsByCode[problem.code.rawValue, default: 0] += 1
                try rejects.reject(problem, record: raw)
            }
        }

        func closeGroup() throws(PortunusError) {
            guard let current = group else { return }
            group = nil
            let failed = current.rows.contains { !$0.problems.isEmpty }
            if failed || current.declaration == nil {
                summary.rejectedDeclarations += 1
                let badLines = current.rows.filter { !$0.problems.isEmpty }.map { String($0.line) }.joined(separator: ", ")
                for row in current.rows {
                    let problems =
                        row.problems.isEmpty
                        ? [
                            PortunusError(
                                .rejectedSibling, "another row of this declaration was rejected (line \(badLines))", location: .init(line: row.line))
                        ]
                        : row.problems
                    try reject(problems, raw: row.raw.lossyFields)
                }
                return
            }
            var declaration = current.declaration!
            let validation = declaration.validate()
            if !validation.isValid {
                // Item k of the declaration came from row k: each error goes to its own row and
                // column; the other rows are rejected with it, as siblings.
                summary.rejectedDeclarations += 1
                var problemsByRow = [[PortunusError]](repeating: [], count: current.rows.count)
                for error in validation.errors {
                    let row = DeclarationImport.itemIndex(of: error.field).map { min($0, current.rows.count - 1) } ?? 0
                    var located = error
                    located.location = decoder.location(of: error.field, line: current.rows[row].line)
                    located.field = error.field.map(DeclarationImport.firstItemPointer)
                    problemsByRow[row].append(located)
                }
                let badLines = zip(current.rows, problemsByRow).filter { !$0.1.isEmpty }.map { String($0.0.line) }.joined(separator: ", ")
                for (row, problems) in zip(current.rows, problemsByRow) {
                    let reported =
                        problems.isEmpty
                        ? [
                            PortunusError(
                                .rejectedSibling, "another row of this declaration was rejected (line \(badLines))", location: .init(line: row.line))
                        ]
                        : problems
                    try reject(reported, raw: row.raw.lossyFields)
                }
                return
            }
            declaration.items.sort { $0.sequence < $1.sequence }
            batch.append(
                StoredDeclaration(
                    declaration: declaration, warnings: validation.warnings + (try tariff.warnings(for: declaration)),
                    sourceLine: current.rows[0].line))
            batchRows.append(current.rows.map(\.raw))
            if batch.count >= request.batchSize { try flushBatch() }
        }

        let writer = BatchWriter<[[CSVRecord]]>(store: store, importRun: run)

        func handle(_ completed: [BatchWriter<[[CSVRecord]]>.Completed]) throws(PortunusError) {
            for written in completed {
                let outcomes = try written.outcomes.get()
                for (index, outcome) in outcomes.enumerated() {
                    let stored = written.batch[index]
                    switch outcome {
                    case .inserted:
                        summary.imported += 1
                        summary.itemsImported += stored.declaration.items.count
                        if !stored.warnings.isEmpty {
                            summary.warned += 1
                            for warning in stored.warnings { summary.warningsByCode[warning.code.rawValue, default: 0] += 1 }
                        }
                    case .alreadyPresent:
                        summary.alreadyPresent += 1
                    case .conflict:
                        summary.rejectedDeclarations += 1
                        for raw in written.context[index] {
                            let error = PortunusError(
                                .conflictingID, "a different declaration with this id is already stored; ids must be unique",
                                field: "/id", location: .init(line: raw.line))
                            try reject([error], raw: raw.lossyFields)
                        }
                    }
                }
                try rejects.flush()
                progress(
                    Progress(
                        rowsRead: summary.rowsRead, bytesRead: reader.bytesRead, totalBytes: totalBytes, imported: summary.imported,
                        alreadyPresent: summary.alreadyPresent, rejected: summary.rejectedDeclarations))
            }
        }

        func flushBatch() throws(PortunusError) {
            guard !batch.isEmpty else { return }
            writer.submit(batch, context: batchRows)
            batch.removeAll(keepingCapacity: true)
            batchRows.removeAll(keepingCapacity: true)
            try handle(writer.takeCompleted())
        }

        do {
            while true {
                let record: CSVRecord
                do {
                    guard try reader.readRecord() else { break }
                    record = reader.record
                } catch {
                    // A record the CSV reader could not parse: rejected on its own.
                    summary.rowsRead += 1
                    summary.rejectedDeclarations += 1
                    try reject([error], raw: [reader.skippedText])
                    continue
                }
                summary.rowsRead += 1
                let (id, decoded) = decoder.decode(record)
                let kept = record.compacted
                guard let id else {
                    // Without an id the row cannot belong to a declaration: rejected alone.
                    summary.rejectedDeclarations += 1
                    if case .problems(let problems) = decoded { try reject(problems, raw: record.lossyFields) }
                    continue
                }
                if let current = group, current.id != id { try closeGroup() }
                if group == nil { group = (id, nil, []) }
                switch decoded {
                case .declaration(let single):
                    if group!.declaration == nil {
                        group!.declaration = single
                    } else {
                        decoder.append(itemOf: single, to: &group!.declaration!)
                    }
                    group!.rows.append((record.line, kept, []))
                case .problems(let problems):
                    group!.rows.append((record.line, kept, problems))
                }
            }
            try closeGroup()
            try flushBatch()
            try handle(writer.finish())
            try rejects.close()
        } catch {
            _ = writer.finish()
            try? rejects.close()
            try? store.declarations.finishImportRun(
                run, status: "failed", rowsRead: summary.rowsRead, imported: summary.imported,
                alreadyPresent: summary.alreadyPresent, rejected: summary.rejectedDeclarations, warned: summary.warned)
            logger.error("import failed", metadata: ["run": "\(run)", "code": "\(error.code)"])
            throw error
        }
        summary.rejectsPath = rejects.lines > 0 ? rejects.path : nil
        summary.seconds = Date().timeIntervalSince(started)
        try store.declarations.finishImportRun(
            run, status: "completed", rowsRead: summary.rowsRead, imported: summary.imported,
            alreadyPresent: summary.alreadyPresent, rejected: summary.rejectedDeclarations, warned: summary.warned)
        logger.info(
            "import finished",
            metadata: [
                "run": "\(run)", "rows": "\(summary.rowsRead)", "imported": "\(summary.imported)",
                "alreadyPresent": "\(summary.alreadyPresent)", "rejected": "\(summary.rejectedDeclarations)",
            ])
        return summary
    }
}
