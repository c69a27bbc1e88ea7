/// The registry of error codes: every code a client of the API or a user of the CLI can meet,
/// with the HTTP status of its problem document and what it means.
///
/// A code is declared here and nowhere else (its initialiser is private to this file), so this
/// file is the list. Modules that cannot depend on PortunusCore keep their own code lists
/// (`LedgerError.Code`, `RuleSetError.Code`, `XGBoostError.Code`); their codes are registered
/// here under the same strings, and the application turns their errors into a `PortunusError` at
/// the module edge (`PortunusError(ledger:)` and its siblings). Tests walk ``registry``: codes
/// are unique, statuses lie in 400…599, every code has a meaning, every module's code is
/// registered, and the error table of the manual and the OpenAPI document list the same codes.
///
/// The strings are a contract: clients and scripts match on them, so a code is never renamed.
/// HTTP statuses are plain integers because PortunusCore depends on no HTTP library.
extension PortunusError {
    /// A stable, machine-readable error code such as `hs_code.invalid`, with the HTTP status a
    /// problem document carrying it has and its meaning in one line.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Comparable {
        /// The code as clients see it, e.g. `hs_code.invalid`.
        public let rawValue: String
        /// The HTTP status of a problem document with this code.
        public let status: Int
        /// What the code means, in one line.
        public let meaning: String

        private init(_ rawValue: String, _ status: Int, _ meaning: String) {
            self.rawValue = rawValue
            self.status = status
            self.meaning = meaning
        }

        /// The registered code spelled `rawValue`, for a code that travelled as text (a per-item
        /// refusal, another module's error). A string that is not registered keeps status 422
        /// and no meaning; the registry tests keep every module's codes registered.
        package init(_ rawValue: String) {
            self = Self.registered(rawValue) ?? Code(rawValue, 422, "")
        }

        /// The registered code spelled `rawValue`, if there is one.
        public static func registered(_ rawValue: String) -> Code? { byRawValue[rawValue] }

        private static let byRawValue: [String: Code] = Dictionary(registry.map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

        public var description: String { rawValue }
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
        /// Equal by spelling: status and meaning follow from it.
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.rawValue == rhs.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    }
}

extension PortunusError.Code {
    // Each code's meaning is its documentation; the manual's error table shows it.

    // MARK: Requests

    public static let bodyTooLarge = Self("request.too_large", 413, "A request body or submitted document is over its size limit.")
    public static let unsupportedMediaType = Self("request.media_type", 415, "The request body's content type is not one this route reads.")
    public static let unknownParameter = Self("query.unknown", 400, "A query parameter this route does not know; it is reported, never dropped.")
    public static let invalidArgument = Self(
        "argument.invalid", 400, "A query parameter, path segment or command-line argument has a value that cannot be used.")
    public static let routeNotFound = Self("route.not_found", 404, "No route has this path and method.")
    public static let notFound = Self("not_found", 404, "The thing asked for does not exist, or the caller may not know that it does.")
    public static let unauthenticated = Self("auth.missing", 401, "No API key, or an unknown or revoked one.")
    public static let forbidden = Self("auth.forbidden", 403, "The caller's role or grants do not allow this operation.")
    public static let conflict = Self(
        "state.conflict", 409, "The thing is not in a state that allows this change (a certificate's status, an existing id).")
    public static let forbiddenDestination = Self(
        "destination.forbidden", 422, "A webhook or witness URL whose host is, or resolves to, an address inside the operator's own network.")

    // MARK: JSON

    public static let invalidJSON = Self("json.invalid", 400, "The body is not well-formed JSON; the problem gives the line and byte offset.")
    public static let unknownField = Self("field.unknown", 422, "A JSON field the document does not have; it is reported, never dropped.")
    public static let wrongType = Self("field.type", 422, "A JSON field has the wrong type (a text where a number belongs, …).")

    // MARK: Declaration content

    public static let missingField = Self("field.missing", 422, "A required field is absent.")
    public static let invalidHSCode = Self("hs_code.invalid", 422, "An HS code that is not 6, 8 or 10 digits.")
    public static let outdatedHSCode = Self("hs_code.outdated", 422, "An HS code of an earlier edition that the current edition no longer has.")
    public static let unknownHSCode = Self("hs_code.unknown", 422, "An HS code the nomenclature does not have.")
    public static let unknownCountry = Self("country.unknown", 422, "A country code that is not ISO 3166-1 alpha-2.")
    public static let unknownCurrency = Self("currency.unknown", 422, "A currency code that is not ISO 4217.")
    public static let invalidNumber = Self("number.invalid", 422, "A number that cannot be read, or is not finite.")
    public static let tooLarge = Self("number.too_large", 422, "An amount, a mass or a rate beyond the stated maximum.")
    public static let negativeMass = Self("net_mass.negative", 422, "A negative net mass.")
    public static let zeroMass = Self("net_mass.zero", 422, "A net mass of zero.")
    public static let negativeValue = Self("customs_value.negative", 422, "A negative customs value.")
    public static let zeroValue = Self("customs_value.zero", 422, "A customs value of zero.")
    public static let negativeRate = Self("duty_rate.negative", 422, "A negative duty rate.")
    public static let invalidDate = Self("date.invalid", 422, "A date that is not ISO 8601, or not a real day.")
    public static let implausibleTime = Self("time.implausible", 422, "A time outside the accepted window (too far in the past or the future).")
    public static let invalidFlag = Self("flag.invalid", 422, "A yes/no field with a value that is neither.")
    public static let missingID = Self("id.missing", 422, "A declaration without its id (the trader's reference).")
    public static let invalidID = Self("id.invalid", 422, "A declaration id or reference that is not a valid identifier.")
    public static let conflictingID = Self("id.conflict", 422, "The trader's reference names another declaration of the same party.")
    public static let invalidIdentifier = Self(
        "identifier.invalid", 422, "An identifier with characters outside letters, digits and -_.:, or too long.")
    public static let noGoodsItems = Self("items.missing", 422, "A declaration without goods items.")
    public static let tooManyItems = Self("items.too_many", 422, "More goods items than a declaration may hold.")
    public static let duplicateItem = Self("items.duplicate_sequence", 422, "Two goods items with the same sequence number.")
    public static let rejectedSibling = Self("items.rejected_sibling", 422, "Not stored because another record of the same declaration was rejected.")

    // MARK: Files: CSV and mappings

    public static let unterminatedQuote = Self("csv.unterminated_quote", 422, "A quoted CSV field that is not closed before the end of the file.")
    public static let unexpectedQuote = Self("csv.unexpected_quote", 422, "A quote inside an unquoted CSV field, or text after a closing quote.")
    public static let fieldCount = Self("csv.field_count", 422, "A CSV record with a different number of fields than the header.")
    public static let recordTooLong = Self("csv.record_too_long", 422, "A CSV record over the length limit.")
    public static let invalidEncoding = Self("csv.invalid_utf8", 422, "A CSV file that is not UTF-8.")
    public static let invalidMapping = Self("mapping.invalid", 422, "A column-mapping file that cannot be used.")
    public static let missingColumn = Self("mapping.missing_column", 422, "A mapping names a column the file does not have.")

    // MARK: Identity documents and biometrics

    public static let invalidMRZ = Self("mrz.format", 422, "A machine-readable zone that is not one of ICAO 9303's formats.")
    public static let invalidChipData = Self("chip.format", 422, "eMRTD chip data (BER-TLV, a data group, the security object) that cannot be read.")
    public static let templateFormat = Self("biometrics.format", 422, "A biometric template of the wrong length or encoding.")

    // MARK: Geodata and tracking

    public static let invalidGeoJSON = Self("geojson.invalid", 422, "GeoJSON that cannot be a zone (RFC 7946 structure, coordinates, rings).")
    public static let teltonikaFrame = Self("teltonika.frame", 422, "A Teltonika frame that does not follow the codec's layout.")
    public static let teltonikaCRC = Self("teltonika.crc", 422, "A Teltonika frame whose CRC-16 differs from the one computed.")
    public static let teltonikaTruncated = Self(
        "teltonika.truncated", 422, "A Teltonika connection closed inside a frame; the partial frame is kept.")
    public static let osmandReport = Self("osmand.report", 422, "An OsmAnd position report with a missing or invalid field.")
    public static let remoteIDFormat = Self("remote_id.format", 422, "A Remote ID message or message pack that does not follow ASTM F3411.")
    public static let captureFormat = Self("capture.format", 422, "A file that is neither a pcap nor a pcapng capture, or a malformed block.")
    public static let captureTruncated = Self("capture.truncated", 422, "A capture that ends inside a packet; the packets before it are read.")
    public static let unknownDevice = Self("tracking.unknown_device", 422, "A position or seal report from a device no movement uses.")
    public static let invalidReport = Self("tracking.report", 422, "A position or seal report with an invalid field.")

    // MARK: Tariff and models

    public static let invalidTariffFile = Self("tariff.file", 422, "A nomenclature or correlation file that cannot be read.")
    public static let invalidTariffRow = Self("tariff.row", 422, "A row of a nomenclature or correlation file that cannot be read.")
    public static let invalidDutyExpression = Self(
        "tariff.duty_expression", 422, "A duty expression or rate text that cannot be read; the problem gives the byte offset in the text.")
    public static let missingDutyInput = Self(
        "tariff.duty_input", 422,
        "A duty calculation lacks a quantity, value, exchange rate or referenced duty that its expression needs; the problem names it.")
    public static let invalidVATRates = Self(
        "tariff.vat_rates", 422,
        "A VAT rate table that cannot be read: its header, a country, date or rate, or overlapping periods; the problem gives the line.")
    public static let invalidExchangeRates = Self(
        "tariff.exchange_rates", 422,
        "An exchange-rate table that cannot be read: a currency, date or rate, or overlapping periods; the problem gives the line.")
    public static let noTariffMeasure = Self(
        "tariff.no_measure", 422,
        "The national tariff has no third-country duty for a goods item's code on the day of acceptance; the problem names the item.")
    public static let assistantUnavailable = Self(
        "tariff.assistant_unavailable", 503,
        "The classification assistant cannot answer yet: no model installed, no HS 2022 nomenclature imported, or its index is still being built.")
    public static let invalidModel = Self(
        "embedding.model", 422,
        "A sentence-embedding model that cannot be read: a bad safetensors header, a misshapen tensor, a vocabulary that does not fit.")
    public static let invalidRiskModel = Self(
        "risk_model.invalid", 422, "A risk model directory whose manifest or metadata this version cannot score with.")
    public static let invalidXGBoostModel = Self(
        "xgboost.model", 422, "An XGBoost model that cannot be read: not XGBoost JSON, or a kind this version does not score.")
    public static let xgboostFailed = Self("xgboost.failed", 500, "An XGBoost call failed while training or scoring.")

    // MARK: Rule sets (RuleSetError.Code)

    public static let rulesYAML = Self("rules.yaml", 422, "A rule set that is not valid YAML; the problem gives the line.")
    public static let rulesStructure = Self(
        "rules.structure", 422, "A rule set whose shape is wrong: not a mapping with a rules list, a rule without its keys, an extra key.")
    public static let rulesDuplicateID = Self("rules.duplicate_id", 422, "Two rules with the same id.")
    public static let rulesMissing = Self("rules.missing", 422, "A rule without its id, when, then or reason.")
    public static let rulesUnknownField = Self("rules.unknown_field", 422, "A condition or reason names a field the facts do not have.")
    public static let rulesOperator = Self("rules.operator", 422, "A condition with an operator the rule language does not have.")
    public static let rulesType = Self("rules.type", 422, "A condition or effect with a value of the wrong type for its field or operator.")
    public static let rulesPattern = Self("rules.pattern", 422, "A `matches` condition whose regular expression does not compile.")
    public static let rulesLane = Self("rules.lane", 422, "An effect that names a lane the domain does not have.")

    // MARK: The ledger (LedgerError.Code)

    public static let ledgerMalformedNote = Self("note.malformed", 422, "A signed note that does not follow C2SP signed-note.")
    public static let ledgerInvalidSignature = Self("note.invalid_signature", 422, "A note signature by a known key that does not verify.")
    public static let ledgerUnverifiedNote = Self("note.unverified", 422, "A note without any signature by the keys given.")
    public static let ledgerInvalidKey = Self("key.invalid", 422, "A verifier or signer key that is not a valid C2SP note key.")
    public static let ledgerMalformedCheckpoint = Self("checkpoint.malformed", 422, "A checkpoint that does not follow C2SP tlog-checkpoint.")
    public static let ledgerUnsignedCheckpoint = Self("checkpoint.unsigned", 422, "A checkpoint without a valid signature of the log's key.")
    public static let ledgerCheckpointOrigin = Self(
        "checkpoint.origin", 422, "A checkpoint whose origin is not the log's (or not the one last seen).")
    public static let ledgerMissingCheckpoint = Self("checkpoint.missing", 404, "The log has no checkpoint, or none of the size asked for.")
    public static let ledgerCheckpointMismatch = Self(
        "checkpoint.mismatch", 422, "A checkpoint text that is not the one this log issued at that size.")
    public static let ledgerCheckpointRollback = Self("checkpoint.rollback", 422, "The log's checkpoint is smaller than one seen before.")
    public static let ledgerCheckpointFork = Self(
        "checkpoint.fork", 422, "The log's history differs from a checkpoint seen before: it was rewritten.")
    public static let ledgerRootMismatch = Self("checkpoint.root_mismatch", 500, "The log's tiles give a different root than its checkpoint signs.")
    public static let ledgerMalformedProof = Self("proof.malformed", 422, "A proof that does not follow C2SP tlog-proof.")
    public static let ledgerInvalidProof = Self("proof.invalid", 422, "An inclusion or consistency proof that does not verify (RFC 9162).")
    public static let ledgerWitnessCosignatureMissing = Self(
        "proof.witness_missing", 422, "A proof's checkpoint lacks a cosignature of a witness asked for.")
    public static let ledgerMissingTile = Self("tile.missing", 500, "A tile the checkpoint needs is missing.")
    public static let ledgerTruncatedTile = Self("tile.truncated", 500, "A tile shorter than its width requires.")
    public static let ledgerTileMismatch = Self("tile.mismatch", 500, "A tile's hashes do not give the checkpoint's root.")
    public static let ledgerInvalidBundle = Self("bundle.invalid", 422, "A certificate bundle without its document, entry and proof.")
    public static let ledgerTruncatedBundle = Self("bundle.truncated", 500, "An entry bundle cut off inside an entry.")
    public static let ledgerBundleMismatch = Self("bundle.mismatch", 500, "An entry bundle with another number of entries than its tile's width.")
    public static let ledgerEntryTooLarge = Self("entry.too_large", 413, "A ledger entry over the C2SP entry size limit.")
    public static let ledgerExists = Self("ledger.exists", 409, "The data directory already has a ledger.")
    public static let ledgerMissing = Self("ledger.missing", 404, "The data directory has no ledger yet (portunus ledger init).")
    public static let ledgerBusy = Self("ledger.busy", 503, "Another process is writing this ledger.")
    public static let ledgerFailed = Self("ledger.failed", 503, "An earlier batch failed; the ledger accepts no more until it is reopened.")
    public static let ledgerInternal = Self("ledger.internal", 500, "The ledger found its own state inconsistent.")
    public static let ledgerInvalidPolicy = Self("policy.invalid", 422, "A trust policy that does not follow C2SP tlog-policy.")
    public static let ledgerMissingPolicy = Self("policy.missing", 404, "No trust policy is installed.")
    public static let ledgerQuorum = Self("policy.quorum", 422, "A checkpoint's cosignatures do not meet the policy's quorum.")
    public static let ledgerUnknownLog = Self("policy.unknown_log", 422, "The policy lists no log with the checkpoint's origin.")
    public static let ledgerCertificateMismatch = Self(
        "certificate.mismatch", 422, "A certificate bundle whose document or entry is not what the log recorded.")
    public static let ledgerCertificateIssuer = Self("certificate.issuer", 422, "A certificate whose issuer is not the log's origin.")
    public static let ledgerWitnessLogs = Self("witness.logs_invalid", 422, "A witness's list of logs with a line that is not `log <vkey> [<url>]`.")
    public static let ledgerWitnessExists = Self("witness.exists", 409, "The data directory already has a witness key.")
    public static let ledgerWitnessMissing = Self("witness.missing", 404, "The data directory has no witness key (portunus ledger witness init).")
    public static let ledgerWitnessURL = Self("witness.url", 422, "A witness without a valid URL.")
    public static let ledgerWitnessUnreachable = Self("witness.unreachable", 502, "A witness could not be reached.")
    public static let ledgerWitnessRefused = Self("witness.refused", 502, "A witness refused the checkpoint.")
    public static let ledgerWitnessBadReply = Self("witness.bad_reply", 502, "A witness answered outside the C2SP tlog-witness protocol.")
    public static let ledgerWitnessBadCosignature = Self("witness.bad_cosignature", 502, "A witness's reply carries no valid cosignature.")
    public static let ledgerWitnessAhead = Self("witness.ahead", 502, "A witness has cosigned a larger tree than this log's checkpoint.")
    public static let ledgerWitnessConflict = Self("witness.conflict", 502, "A witness's size kept changing while it was asked.")

    // MARK: Environment

    public static let io = Self("io.failed", 503, "A file or directory could not be read or written.")
    public static let storage = Self("storage.failed", 503, "The database could not complete the operation.")
    public static let cancelled = Self(
        "operation.cancelled", 503, "A long job stopped because the process is shutting down; what it finished is kept and the next run resumes.")
    public static let internalError = Self("internal", 500, "An unexpected failure; its details are in the server's log, never in the answer.")

    /// Every code, in the order of this file: the error table of the manual and the OpenAPI
    /// document's list of problem codes are made from it.
    public static let registry: [PortunusError.Code] = [
        .bodyTooLarge, .unsupportedMediaType, .unknownParameter, .invalidArgument, .routeNotFound, .notFound, .unauthenticated, .forbidden,
        .conflict, .forbiddenDestination,
        .invalidJSON, .unknownField, .wrongType,
        .missingField, .invalidHSCode, .outdatedHSCode, .unknownHSCode, .unknownCountry, .unknownCurrency, .invalidNumber, .tooLarge,
        .negativeMass, .zeroMass, .negativeValue, .zeroValue, .negativeRate, .invalidDate, .implausibleTime, .invalidFlag, .missingID,
        .invalidID, .conflictingID, .invalidIdentifier, .noGoodsItems, .tooManyItems, .duplicateItem, .rejectedSibling,
        .unterminatedQuote, .unexpectedQuote, .fieldCount, .recordTooLong, .invalidEncoding, .invalidMapping, .missingColumn,
        .invalidMRZ, .invalidChipData, .templateFormat,
        .invalidGeoJSON, .teltonikaFrame, .teltonikaCRC, .teltonikaTruncated, .osmandReport, .remoteIDFormat, .captureFormat,
        .captureTruncated, .unknownDevice, .invalidReport,
        .invalidTariffFile, .invalidTariffRow, .invalidDutyExpression, .missingDutyInput, .invalidVATRates, .invalidExchangeRates, .noTariffMeasure,
        .assistantUnavailable,
        .invalidModel, .invalidRiskModel, .invalidXGBoostModel, .xgboostFailed,
        .rulesYAML, .rulesStructure, .rulesDuplicateID, .rulesMissing, .rulesUnknownField, .rulesOperator, .rulesType, .rulesPattern,
        .rulesLane,
        .ledgerMalformedNote, .ledgerInvalidSignature, .ledgerUnverifiedNote, .ledgerInvalidKey, .ledgerMalformedCheckpoint,
        .ledgerUnsignedCheckpoint, .ledgerCheckpointOrigin, .ledgerMissingCheckpoint, .ledgerCheckpointMismatch, .ledgerCheckpointRollback,
        .ledgerCheckpointFork, .ledgerRootMismatch, .ledgerMalformedProof, .ledgerInvalidProof, .ledgerWitnessCosignatureMissing,
        .ledgerMissingTile, .ledgerTruncatedTile, .ledgerTileMismatch, .ledgerInvalidBundle, .ledgerTruncatedBundle, .ledgerBundleMismatch,
        .ledgerEntryTooLarge, .ledgerExists, .ledgerMissing, .ledgerBusy, .ledgerFailed, .ledgerInternal, .ledgerInvalidPolicy,
        .ledgerMissingPolicy, .ledgerQuorum, .ledgerUnknownLog, .ledgerCertificateMismatch, .ledgerCertificateIssuer, .ledgerWitnessLogs,
        .ledgerWitnessExists, .ledgerWitnessMissing, .ledgerWitnessURL, .ledgerWitnessUnreachable, .ledgerWitnessRefused,
        .ledgerWitnessBadReply, .ledgerWitnessBadCosignature, .ledgerWitnessAhead, .ledgerWitnessConflict,
        .io, .storage, .cancelled, .internalError,
    ]
}
