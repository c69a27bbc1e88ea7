import Clearance
import Foundation
import PortunusCore

/// The JSON form of an inspection act, read strictly: an unknown member anywhere is refused with
/// its pointer (a misspelt `hs_cod` must not pass for an act that corrects nothing), then the act
/// is decoded.
///
/// ```json
/// {"result": "discrepancy", "findings": [{"item": 1, "hs_code": "640399", "net_mass": "410"}],
///  "seals": ["MSKU-55120"], "attachments": [{"name": "photo-1.jpg", "sha256": "…"}], "fraud": true, "note": "…"}
/// ```
public enum InspectionActJSON {
    static let top: Set<String> = ["result", "findings", "seals", "attachments", "fraud", "critical", "note"]
    static let finding: Set<String> = [
        "item", "hs_code", "country_of_origin", "net_mass", "customs_value", "supplementary_quantities", "note",
    ]
    static let attachment: Set<String> = ["name", "sha256"]

    public static func decode(_ data: Data) throws(PortunusError) -> InspectionAct {
        let value = try JSONValue.parse(data)
        var reader = StrictJSONReader()
        if let members = reader.object(value, at: "", allowed: top) {
            for (index, element) in (reader.array(members["findings"], at: "/findings") ?? []).enumerated() {
                _ = reader.object(element, at: "/findings/\(index)", allowed: finding)
            }
            for (index, element) in (reader.array(members["attachments"], at: "/attachments") ?? []).enumerated() {
                _ = reader.object(element, at: "/attachments/\(index)", allowed: attachment)
            }
        }
        if let problem = reader.problems.first { throw problem }
        do { return try JSONDecoder().decode(InspectionAct.self, from: data) } catch {
            throw PortunusError(decoding: error, expected: "an inspection act")
        }
    }
}
