import Foundation
import Portunus
import PortunusCore
import RiskEngine

/// Everything `portunus serve` needs, in one `Sendable` value: defaults, overridden by an
/// optional JSON file, then by the environment, then by flags.
///
/// ```json
/// {"host": "0.0.0.0", "port": 8080, "dataDirectory": "/var/lib/portunus", "maximumBodyBytes": 16777216}
/// ```
public struct ServerConfiguration: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var dataDirectory: String = PortunusConfiguration.defaultDataDirectory
    /// Largest request body accepted; larger ones get 413 with a problem document.
    public var maximumBodyBytes: Int = 16 << 20
    /// Most declarations in one NDJSON request.
    public var maximumRecordsPerRequest: Int = 10_000
    /// Seconds between store maintenance runs (WAL checkpoint, gauges).
    public var maintenanceInterval: Double = 30
    /// Lanes for lodged declarations: the inspection budget and exploration share, percent.
    public var selectivity = SelectivityPolicy()
    /// Seed of the exploration draws (recorded in every decision).
    public var selectivitySeed: UInt64 = 0
    /// Whether a trader's lodgement answer carries the declaration's lane (ASYCUDA and
    /// UNI-PASS notify the declarant of the channel). Never the score, rules or reasons.
    public var laneToTraders = true
    /// What times and values from outside must satisfy (``InputLimits``): how far ahead of
    /// the server's clock a reported time may lie (`maximumFutureSeconds`).
    public var inputLimits = InputLimits()
    /// Retrain on the inspected declarations of the last year every so many hours, and
    /// activate the new model when its validation AUC is not worse (nil: only by command).
    public var retrainEveryHours: Double?
    /// Seconds between appends of the ledger outbox to the log.
    public var ledgerInterval: Double = 0.25
    /// At least so many seconds between two rounds of asking witnesses to cosign.
    public var cosignInterval: Double = 1
    /// Travel data (PNR, API) is depersonalised so many days after receipt (the EU PNR
    /// Directive: six months) and deleted after so many (five years).
    public var travelDepersonaliseDays: Int = 183
    public var travelDeleteDays: Int = 1826
    /// Seconds between runs of the travel retention job.
    public var travelRetentionInterval: Double = 3600
    /// Flights departing so many days ago or later are screened again when lists or rules change.
    public var travelRescreenDays: Int = 3

    /// The tracker listeners' ports: Teltonika over TCP and OsmAnd over HTTP (nil: not
    /// started). Off in a bare configuration; `resolve` (the server) starts them on Traccar's
    /// ports, 5027 and 5055, unless told otherwise.
    public var teltonikaPort: Int?
    public var osmandPort: Int?
    public var trackerLimits = TrackerLimits()
    /// The HTTP API's idle and header timeouts and connection limits.
    public var httpLimits = HTTPLimits()
    /// Webhooks and witnesses may point at loopback, private, link-local and unique-local
    /// addresses (`--allow-private-destinations`): for receivers on the same host or network,
    /// and tests. Off: such destinations are refused at registration and at delivery.
    public var allowPrivateDestinations = false
    /// Seconds between ticks of the tracking clock (late arrivals, silent devices).
    public var trackingTickInterval: Double = 30
    /// The MiniLM model folder of the classification assistant (nil: `PORTUNUS_TARIFF_MODEL`,
    /// else `.venv-hs/models/all-minilm-l6-v2` under the working directory).
    public var tariffModel: String?
    /// Seconds between checks that the assistant's index is current.
    public var tariffIndexInterval: Double = 30

    /// The classification assistant this configuration describes.
    public func tariffAssistant(_ useCases: UseCases) -> TariffAssistant {
        useCases.tariffAssistant(modelDirectory: tariffModel.map { URL(fileURLWithPath: $0) } ?? TariffAssistant.defaultModelDirectory())
    }

    /// Where outbound requests (webhooks, witnesses) may go.
    public var destinations: DestinationPolicy { DestinationPolicy(allowPrivate: allowPrivateDestinations) }

    /// The tracking service this configuration describes (destinations, refused-input bounds).
    public func trackingService(_ useCases: UseCases) throws(PortunusError) -> TrackingService {
        try useCases.tracking(limits: inputLimits, destinations: destinations, rejects: trackerLimits.rejects)
    }

    public init() {}

    /// Flags as the CLI parsed them; nil means "not given".
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var dataDirectory: String?
        public var configurationFile: String?
        public var allowPrivateDestinations: Bool?
        public init(
            host: String? = nil, port: Int? = nil, dataDirectory: String? = nil, configurationFile: String? = nil,
            allowPrivateDestinations: Bool? = nil
        ) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
            self.configurationFile = configurationFile
            self.allowPrivateDestinations = allowPrivateDestinations
        }
    }

    /// Resolves defaults ← file ← environment (`PORTUNUS_HOST`, `PORTUNUS_PORT`,
    /// `PORTUNUS_DATA_DIR`, `PORTUNUS_MAX_BODY_BYTES`, `PORTUNUS_CONFIG`,
    /// `PORTUNUS_ALLOW_PRIVATE_DESTINATIONS=1`) ← flags.
    public static func resolve(_ overrides: Overrides, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PortunusError)
        -> ServerConfiguration
    {
        var configuration = ServerConfiguration()
        configuration.teltonikaPort = 5027
        configuration.osmandPort = 5055
        if let path = overrides.configurationFile ?? environment["PORTUNUS_CONFIG"] {
            try configuration.apply(file: path)
        }
        if let host = environment["PORTUNUS_HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["PORTUNUS_PORT"], !port.isEmpty {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw PortunusError(.invalidArgument, "PORTUNUS_PORT must be a port number", field: "PORTUNUS_PORT")
            }
            configuration.port = value
        }
        if let directory = environment[PortunusConfiguration.dataDirectoryVariable], !directory.isEmpty { configuration.dataDirectory = directory }
        if let bytes = environment["PORTUNUS_MAX_BODY_BYTES"], !bytes.isEmpty {
            guard let value = Int(bytes), value > 0 else {
                throw PortunusError(.invalidArgument, "PORTUNUS_MAX_BODY_BYTES must be a positive number", field: "PORTUNUS_MAX_BODY_BYTES")
            }
            configuration.maximumBodyBytes = value
        }
        for (variable, path) in [("PORTUNUS_TELTONIKA_PORT", \ServerConfiguration.teltonikaPort), ("PORTUNUS_OSMAND_PORT", \.osmandPort)] {
            guard let text = environment[variable], !text.isEmpty else { continue }
            if text == "off" {
                configuration[keyPath: path] = nil
                continue
            }
            guard let value = Int(text), (0...65535).contains(value) else {
                throw PortunusError(.invalidArgument, "\(variable) must be a port number or off", field: variable)
            }
            configuration[keyPath: path] = value
        }
        if let allow = environment["PORTUNUS_ALLOW_PRIVATE_DESTINATIONS"], !allow.isEmpty {
            guard ["1", "true", "0", "false"].contains(allow) else {
                throw PortunusError(.invalidArgument, "PORTUNUS_ALLOW_PRIVATE_DESTINATIONS is 1 or 0", field: "PORTUNUS_ALLOW_PRIVATE_DESTINATIONS")
            }
            configuration.allowPrivateDestinations = allow == "1" || allow == "true"
        }
        if let allow = overrides.allowPrivateDestinations { configuration.allowPrivateDestinations = allow }
        if let host = overrides.host { configuration.host = host }
        if let port = overrides.port { configuration.port = port }
        if let directory = overrides.dataDirectory { configuration.dataDirectory = directory }
        guard (0...65535).contains(configuration.port) else {
            throw PortunusError(.invalidArgument, "port must be from 0 to 65535", field: "port")
        }
        return configuration
    }

    mutating func apply(file path: String) throws(PortunusError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PortunusError(.io, "cannot read the configuration file")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw PortunusError(.invalidArgument, "the configuration file is not a JSON object", field: "")
        }
        let known: Set<String> = [
            "host", "port", "dataDirectory", "maximumBodyBytes", "maximumRecordsPerRequest", "maintenanceInterval",
            "inspectionBudgetPercent", "explorationPercent", "selectivitySeed", "retrainEveryHours",
            "ledgerInterval", "cosignInterval", "travelDepersonaliseDays", "travelDeleteDays", "travelRetentionInterval",
            "travelRescreenDays", "teltonikaPort", "osmandPort", "trackerConnections", "trackerIdleSeconds", "trackingTickInterval",
            "tariffModel", "tariffIndexInterval", "laneToTraders", "maximumFutureSeconds", "httpIdleSeconds", "httpHeaderSeconds", "httpConnections",
            "httpConnectionsPerAddress",
            "trackerConnectionsPerAddress", "trackerHandshakeSeconds", "trackerHeaderSeconds", "trackerRejectBytes",
            "trackerRejectsStoredPerMinute", "trackerRejectLogLinesPerMinute", "trackerRejectRetentionDays", "allowPrivateDestinations",
        ]
        for key in object.keys.sorted() where !known.contains(key) {
            throw PortunusError(.invalidArgument, "unknown key '\(key)'; expected one of \(known.sorted().joined(separator: ", "))", field: "/\(key)")
        }
        func value<T>(_ key: String, as type: T.Type) throws(PortunusError) -> T? {
            guard let raw = object[key] else { return nil }
            guard let typed = raw as? T else { throw PortunusError(.invalidArgument, "'\(key)' has the wrong type", field: "/\(key)") }
            return typed
        }
        if let host = try value("host", as: String.self) { self.host = host }
        if let port = try value("port", as: Int.self) { self.port = port }
        if let directory = try value("dataDirectory", as: String.self) { self.dataDirectory = directory }
        if let bytes = try value("maximumBodyBytes", as: Int.self) { self.maximumBodyBytes = bytes }
        if let records = try value("maximumRecordsPerRequest", as: Int.self) { self.maximumRecordsPerRequest = records }
        if let interval = try value("maintenanceInterval", as: Double.self) { self.maintenanceInterval = interval }
        if let budget = try value("inspectionBudgetPercent", as: Double.self) {
            guard (0...100).contains(budget) else {
                throw PortunusError(.invalidArgument, "a percentage from 0 to 100", field: "/inspectionBudgetPercent")
            }
            selectivity.budget = .percent(budget)
        }
        if let exploration = try value("explorationPercent", as: Double.self) {
            guard (0...100).contains(exploration) else {
                throw PortunusError(.invalidArgument, "a percentage from 0 to 100", field: "/explorationPercent")
            }
            selectivity.explorationPercent = exploration
        }
        if let seed = try value("selectivitySeed", as: Int.self) { selectivitySeed = UInt64(max(seed, 0)) }
        for (key, path) in [("ledgerInterval", \ServerConfiguration.ledgerInterval), ("cosignInterval", \.cosignInterval)] {
            if let seconds = try value(key, as: Double.self) {
                guard seconds > 0 else { throw PortunusError(.invalidArgument, "seconds must be positive", field: "/\(key)") }
                self[keyPath: path] = seconds
            }
        }
        for (key, path) in [
            ("travelDepersonaliseDays", \ServerConfiguration.travelDepersonaliseDays), ("travelDeleteDays", \.travelDeleteDays),
            ("travelRescreenDays", \.travelRescreenDays),
        ] {
            if let days = try value(key, as: Int.self) {
                guard days >= 0 else { throw PortunusError(.invalidArgument, "days must not be negative", field: "/\(key)") }
                self[keyPath: path] = days
            }
        }
        guard travelDeleteDays >= travelDepersonaliseDays else {
            throw PortunusError(.invalidArgument, "travel data is deleted no earlier than it is depersonalised", field: "/travelDeleteDays")
        }
        if let lane = try value("laneToTraders", as: Bool.self) { laneToTraders = lane }
        if let seconds = try value("maximumFutureSeconds", as: Double.self) {
            guard seconds >= 0, seconds <= 31_536_000 else {
                throw PortunusError(.invalidArgument, "seconds from 0 to a year", field: "/maximumFutureSeconds")
            }
            inputLimits.futureSkew = seconds
        }
        if let model = try value("tariffModel", as: String.self) { tariffModel = model }
        if let seconds = try value("tariffIndexInterval", as: Double.self) {
            guard seconds > 0 else { throw PortunusError(.invalidArgument, "seconds must be positive", field: "/tariffIndexInterval") }
            tariffIndexInterval = seconds
        }
        if let seconds = try value("travelRetentionInterval", as: Double.self) {
            guard seconds > 0 else { throw PortunusError(.invalidArgument, "seconds must be positive", field: "/travelRetentionInterval") }
            travelRetentionInterval = seconds
        }
        for (key, path) in [("teltonikaPort", \ServerConfiguration.teltonikaPort), ("osmandPort", \.osmandPort)] where object[key] != nil {
            if object[key] is NSNull {
                self[keyPath: path] = nil
                continue
            }
            guard let port = try value(key, as: Int.self), (0...65535).contains(port) else {
                throw PortunusError(.invalidArgument, "a port number from 0 to 65535, or null for none", field: "/\(key)")
            }
            self[keyPath: path] = port
        }
        // Connection limits and timeouts of the listeners (null: the default).
        for (key, path) in [
            ("trackerConnections", \ServerConfiguration.trackerLimits.connections),
            ("trackerConnectionsPerAddress", \.trackerLimits.connectionsPerAddress),
            ("httpConnections", \.httpLimits.connections), ("httpConnectionsPerAddress", \.httpLimits.connectionsPerAddress),
        ]
        where object[key] != nil {
            if object[key] is NSNull {
                self[keyPath: path] = nil
                continue
            }
            guard let connections = try value(key, as: Int.self), connections > 0 else {
                throw PortunusError(.invalidArgument, "connections must be a positive number, or null", field: "/\(key)")
            }
            self[keyPath: path] = connections
        }
        for (key, path) in [
            ("trackerIdleSeconds", \ServerConfiguration.trackerLimits.idleSeconds), ("trackerHandshakeSeconds", \.trackerLimits.handshakeSeconds),
            ("trackerHeaderSeconds", \.trackerLimits.headerSeconds), ("httpIdleSeconds", \.httpLimits.idleSeconds),
            ("httpHeaderSeconds", \.httpLimits.headerSeconds), ("trackerRejectRetentionDays", \.trackerLimits.rejects.retentionDays),
        ] {
            if let seconds = try value(key, as: Double.self) {
                guard seconds > 0, seconds.isFinite else { throw PortunusError(.invalidArgument, "a positive number", field: "/\(key)") }
                self[keyPath: path] = seconds
            }
        }
        for (key, path) in [
            ("trackerRejectBytes", \ServerConfiguration.trackerLimits.rejects.keptBytes),
            ("trackerRejectsStoredPerMinute", \.trackerLimits.rejects.storedPerMinute),
            ("trackerRejectLogLinesPerMinute", \.trackerLimits.rejects.loggedPerMinute),
        ] {
            if let count = try value(key, as: Int.self) {
                guard count >= 0 else { throw PortunusError(.invalidArgument, "must not be negative", field: "/\(key)") }
                self[keyPath: path] = count
            }
        }
        if let allow = try value("allowPrivateDestinations", as: Bool.self) { allowPrivateDestinations = allow }
        if let seconds = try value("trackingTickInterval", as: Double.self) {
            guard seconds > 0 else { throw PortunusError(.invalidArgument, "seconds must be positive", field: "/trackingTickInterval") }
            trackingTickInterval = seconds
        }
        if let hours = try value("retrainEveryHours", as: Double.self) {
            guard hours > 0 else { throw PortunusError(.invalidArgument, "hours must be positive", field: "/retrainEveryHours") }
            retrainEveryHours = hours
        }
    }
}
