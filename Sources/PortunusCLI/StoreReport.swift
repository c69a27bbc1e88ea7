import Foundation
import Storage

enum StoreReport {
    static func text(_ summary: DeclarationStore.Summary, path: String) -> String {
        var lines = ["store: \(path)"]
        lines.append(
            "declarations: \(summary.declarations) (\(summary.goodsItems) goods items) from \(summary.importers) importers at \(summary.offices) offices"
        )
        if let first = summary.firstLodged, let last = summary.lastLodged {
            lines.append("lodged: \(first.prefix(10)) … \(last.prefix(10))")
        }
        let rate = summary.inspected > 0 ? String(format: "%.1f", 100 * Double(summary.fraud) / Double(summary.inspected)) : "0.0"
        lines.append("inspected: \(summary.inspected), fraud found: \(summary.fraud) (\(rate) % of inspected), critical: \(summary.critical)")
        lines.append("warnings stored: \(summary.warnings)")
        for (currency, total) in summary.valueByCurrency.sorted(by: { $0.key < $1.key }) {
            lines.append("customs value: \(total) \(currency)")
        }
        if !summary.topChapters.isEmpty {
            lines.append("top HS chapters: " + summary.topChapters.prefix(5).map { "\($0.chapter) (\($0.items))" }.joined(separator: ", "))
        }
        lines.append(
            "import runs: \(summary.importRuns)"
                + (summary.unfinishedImportRuns > 0 ? ", \(summary.unfinishedImportRuns) interrupted or running" : ""))
        return lines.joined(separator: "\n")
    }
}
