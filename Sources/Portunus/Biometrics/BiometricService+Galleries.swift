import PortunusCore
import Storage

extension BiometricService {
    /// A gallery as listed: its template format and size, the threshold calibrated for it (if
    /// any), and the approximate index built over it (if any).
    public struct GalleryView: Sendable, Encodable {
        var gallery: String, extractor: String, version: String, dimension: Int, templates: Int
        var threshold: Float?, targetFalseMatchRate: Double?, index: Int64?, indexTemplates: Int?
        enum CodingKeys: String, CodingKey {
            case gallery, extractor, version, dimension, templates, threshold, index
            case targetFalseMatchRate = "target_false_match_rate", indexTemplates = "index_templates"
        }
    }

    /// Every gallery, one row per template format in it.
    public func galleries(by principal: Principal) throws(PortunusError) -> [GalleryView] {
        try AccessPolicy.require(.searchBiometrics, principal)
        return try store.biometrics.galleries().map { gallery throws(PortunusError) in
            let policy = try store.biometrics.biometricPolicy(extractor: gallery.extractor, version: gallery.version)
            let index = try store.biometrics.indexes(gallery: gallery.gallery, extractor: gallery.extractor, version: gallery.version).first
            return GalleryView(
                gallery: gallery.gallery, extractor: gallery.extractor, version: gallery.version, dimension: gallery.dimension,
                templates: gallery.templates, threshold: policy?.threshold, targetFalseMatchRate: policy?.targetFalseMatchRate, index: index?.id,
                indexTemplates: index?.templates)
        }
    }
}
