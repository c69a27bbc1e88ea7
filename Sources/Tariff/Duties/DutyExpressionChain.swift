/// Terms joined by `+`, `-`, `MAX` and `MIN` in reading order, folded into an expression.
///
/// `+` and `-` bind first; `MAX` and `MIN` then group from the left. That is how the EU and
/// the UK read a combined duty ("a % + b EUR / 100 kg MAX c % + d EUR / 100 kg" is the smaller
/// of the two sums) and how HMRC's calculator evaluates a component list (it splits at the last
/// `MAX`/`MIN`, evaluates the left part the same way and the right part as a sum): "13.8 % MIN
/// 13 GBP / 100 kg MAX 15 GBP / 100 kg - 7 GBP / 100 kg" is min(max(13.8 %, 13 GBP), 15 GBP - 7 GBP).
/// Both UK readers (the text and the measure components) fold through here, so they agree.
struct DutyExpressionChain {
    enum Operator: Sendable {
        case plus, minus, maximum, minimum
    }

    /// Everything before the last `MAX`/`MIN`, folded.
    private var closed: DutyExpression?
    /// That `MAX`/`MIN`.
    private var conjunction: Operator?
    /// The additive run since it.
    private var run: DutyExpression?
    /// Whether ``run`` is a sum this chain built (and so may grow), rather than a term that
    /// happens to be one (a parenthesised sum stays whole).
    private var runIsOpenSum = false

    /// The operator of the last `MAX`/`MIN` seen.
    var lastConjunction: Operator? { conjunction }
    var isEmpty: Bool { run == nil }

    /// Adds a term; `op` is ignored for the first.
    mutating func append(_ op: Operator, _ term: DutyExpression) {
        guard let current = run else {
            run = term
            return
        }
        switch op {
        case .plus:
            if runIsOpenSum, case .sum(let terms) = current {
                run = .sum(terms + [term])
            } else {
                run = .sum([current, term])
            }
            runIsOpenSum = true
        case .minus:
            run = .difference(current, term)
            runIsOpenSum = false
        case .maximum, .minimum:
            closed = Self.combine(closed, conjunction, current)
            conjunction = op
            run = term
            runIsOpenSum = false
        }
    }

    /// The folded expression, nil when no term was added.
    var expression: DutyExpression? {
        guard let run else { return nil }
        return Self.combine(closed, conjunction, run)
    }

    private static func combine(_ closed: DutyExpression?, _ conjunction: Operator?, _ run: DutyExpression) -> DutyExpression {
        guard let closed else { return run }
        return conjunction == .minimum ? .floor(closed, run) : .ceiling(closed, run)
    }
}
