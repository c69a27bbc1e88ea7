import CBLAS
import Foundation
import PortunusCore

/// Templates shaped like a face-embedding gallery, for tests, benchmarks and the demo:
/// identities, each enrolled with a few noisy samples, and probes that are fresh samples
/// of enrolled identities (mated) or of people never enrolled (non-mated, most travellers
/// at a border). Not uniform random vectors, and not an easy toy either:
///
/// - identities are not independent directions: their centres come from a low-dimensional
///   latent space (`latentDimension`, demographic-like groups in it) projected into the
///   template space, plus a smaller isotropic part, as the embeddings of a trained
///   extractor concentrate near a manifold; impostor scores then spread more widely than
///   between random vectors (a standard deviation near 1/√latent);
/// - each sample is its identity's centre plus isotropic noise of relative size `noise`
///   (0.8 puts genuine scores near 0.6, impostor scores near 0, as with modern extractors);
/// - the number of samples per identity varies over `samples`.
///
/// Every value is fixed by the seed (SplitMix64), on every platform.
public struct SyntheticTemplates: Sendable {
    public let format: TemplateFormat
    /// The gallery: row-major, L2-normalised rows.
    public private(set) var matrix: [Float] = []
    /// The identity of each gallery row.
    public private(set) var identities: [Int] = []
    /// Probes: row-major, L2-normalised rows.
    public private(set) var probes: [Float] = []
    /// The identity of each probe, nil for a person who is not enrolled.
    public private(set) var probeIdentities: [Int?] = []

    public var count: Int { identities.count }
    public var probeCount: Int { probeIdentities.count }
    public func row(_ index: Int) -> [Float] { Array(matrix[index * format.dimension..<(index + 1) * format.dimension]) }
    public func probe(_ index: Int) -> [Float] { Array(probes[index * format.dimension..<(index + 1) * format.dimension]) }

    public init(
        format: TemplateFormat, identities identityCount: Int, samples: ClosedRange<Int>, probes probeCount: Int, matedShare: Double = 0.5,
        latentDimension: Int = 64, groups: Int = 32, noise: Float = 0.8, seed: UInt64
    ) {
        precondition(identityCount > 0 && samples.lowerBound > 0, "a synthetic gallery needs identities and samples")
        self.format = format
        let dimension = format.dimension
        var random = SplitMix64(seed: seed)
        var spare: Float?
        func gaussian() -> Float {
            if let value = spare {
                spare = nil
                return value
            }
            let u = max(Float(random.next() >> 40) / Float(1 << 24), 1e-7)
            let v = Float(random.next() >> 40) / Float(1 << 24)
            let radius = (-2 * log(u)).squareRoot()
            spare = radius * sin(2 * .pi * v)
            return radius * cos(2 * .pi * v)
        }
        let latent = min(latentDimension, dimension)
        // The projection from the latent space, and the groups' means in it.
        let projection = (0..<(dimension * latent)).map { _ in gaussian() }
        let means = (0..<(groups * latent)).map { _ in gaussian() }
        // Identity centres: the enrolled identities, then the non-enrolled people probed.
        let nonMated = Int((Double(probeCount) * (1 - matedShare)).rounded())
        let people = identityCount + nonMated
        var latents = [Float](repeating: 0, count: people * latent)
        for person in 0..<people {
            let group = person % groups
            for axis in 0..<latent { latents[person * latent + axis] = 0.7 * means[group * latent + axis] + gaussian() }
        }
        // centres = latents × projectionᵀ: one sgemm.
        var centres = [Float](repeating: 0, count: people * dimension)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(people), Int32(dimension), Int32(latent), 1, latents, Int32(latent),
            projection, Int32(latent), 0, &centres, Int32(dimension))
        let isotropic: Float = 0.3
        for person in 0..<people {
            Self.normalise(&centres, row: person, dimension: dimension)
            let scale = isotropic / Float(dimension).squareRoot()
            for axis in 0..<dimension { centres[person * dimension + axis] += scale * gaussian() }
            Self.normalise(&centres, row: person, dimension: dimension)
        }
        let noiseScale = noise / Float(dimension).squareRoot()
        func sample(of person: Int, into rows: inout [Float]) {
            let start = rows.count
            for axis in 0..<dimension { rows.append(centres[person * dimension + axis] + noiseScale * gaussian()) }
            Self.normalise(&rows, row: start / dimension, dimension: dimension)
        }
        let span = UInt64(samples.upperBound - samples.lowerBound + 1)
        matrix.reserveCapacity(identityCount * (samples.lowerBound + samples.upperBound) / 2 * dimension)
        for identity in 0..<identityCount {
            let count = samples.lowerBound + Int(random.next() % span)
            for _ in 0..<count {
                sample(of: identity, into: &matrix)
                identities.append(identity)
            }
        }
        // The non-mated probes first (people identityCount..<people), then the mated ones.
        for index in 0..<probeCount {
            let mated = index >= nonMated
            let person = mated ? Int(random.next() % UInt64(identityCount)) : identityCount + index
            sample(of: person, into: &probes)
            probeIdentities.append(mated ? person : nil)
        }
    }

    static func normalise(_ rows: inout [Float], row: Int, dimension: Int) {
        rows.withUnsafeMutableBufferPointer { buffer in
            let start = buffer.baseAddress! + row * dimension
            let norm = cblas_snrm2(Int32(dimension), start, 1)
            if norm > 0 { cblas_sscal(Int32(dimension), 1 / norm, start, 1) }
        }
    }
}
