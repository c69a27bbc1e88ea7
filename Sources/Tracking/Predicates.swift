import Foundation

/// Exact geometric predicates on double coordinates: the sign of a 2×2 orientation
/// determinant, decided by a floating-point filter and, when the filter cannot tell, by exact
/// expansion arithmetic (Shewchuk's error-free transformations). Whether a point lies on an
/// edge, left of it or right of it is therefore never a rounding accident.
public enum Predicates {
    /// > 0 when c lies left of the directed line a→b, < 0 right of it, 0 on it (exactly).
    @inline(__always)
    public static func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Double {
        let left = (ax - cx) * (by - cy)
        let right = (ay - cy) * (bx - cx)
        let determinant = left - right
        // Shewchuk's bound for the first stage: |error| ≤ (3ε + 16ε²) · (|left| + |right|).
        let bound = (3.3306690738754716e-16 + 3.0814879110195782e-32) * (abs(left) + abs(right))
        if determinant > bound || -determinant > bound { return determinant }
        return exactOrientation(ax, ay, bx, by, cx, cy)
    }

    /// a + b as a sum of two doubles that is exact.
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let sum = a + b
        let virtual = sum - a
        return (sum, (a - (sum - virtual)) + (b - virtual))
    }

    /// The rounding error of a × b = product, exactly (fused multiply-add).
    @inline(__always)
    static func fmaError(_ a: Double, _ b: Double, _ product: Double) -> Double {
        (-product).addingProduct(a, b)
    }

    static func exactOrientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Double {
        // Each difference exactly as two doubles, each product of two such sums as four
        // exact products, each of those as two doubles: 16 terms whose sum is exact.
        let (acx, acx0) = twoSum(ax, -cx)
        let (bcy, bcy0) = twoSum(by, -cy)
        let (acy, acy0) = twoSum(ay, -cy)
        let (bcx, bcx0) = twoSum(bx, -cx)
        var terms: [Double] = []
        terms.reserveCapacity(16)
        for (p, q) in [(acx, bcy), (acx, bcy0), (acx0, bcy), (acx0, bcy0)] {
            let (high, low) = (p * q, fmaError(p, q, p * q))
            terms.append(high)
            terms.append(low)
        }
        for (p, q) in [(acy, bcx), (acy, bcx0), (acy0, bcx), (acy0, bcx0)] {
            let (high, low) = (p * q, fmaError(p, q, p * q))
            terms.append(-high)
            terms.append(-low)
        }
        return exactSum(terms)
    }

    /// The sign-correct sum of doubles: grows a nonoverlapping expansion term by term and
    /// returns its most significant component (whose sign is the sum's).
    static func exactSum(_ terms: [Double]) -> Double {
        var expansion: [Double] = []
        for term in terms {
            var carry = term
            var next: [Double] = []
            for component in expansion {
                let (sum, error) = twoSum(carry, component)
                if error != 0 { next.append(error) }
                carry = sum
            }
            if carry != 0 { next.append(carry) }
            expansion = next
        }
        return expansion.last ?? 0
    }
}
