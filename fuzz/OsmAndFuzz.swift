import Foundation
import PortunusCore
import Tracking

/// OsmAnd requests as the listener reads them: the first byte picks the query/form form or
/// Traccar Client's JSON body; an accepted report's time is formatted as the tracking routes
/// show it, and its numbers must be finite.
@_cdecl("LLVMFuzzerTestOneInput")
public func osmAndFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzSupport.data(start, count)
    guard let control = data.first else { return 0 }
    let body = data.dropFirst()
    let received = Date(timeIntervalSince1970: 1_796_000_000)
    let report: PositionReport?
    if control & 1 == 0 {
        report = try? OsmAnd.report(OsmAnd.parameters(String(decoding: body, as: UTF8.self)), received: received)
    } else {
        report = try? OsmAnd.report(json: Data(body), received: received)
    }
    guard let report else { return 0 }
    _ = ISO8601.format(report.time)
    for value in [report.latitude, report.longitude, report.speed, report.bearing, report.altitude, report.accuracy, report.hdop, report.battery]
    where value.map({ !$0.isFinite }) ?? false {
        fatalError("a report with a non-finite number was accepted")
    }
    return 0
}
