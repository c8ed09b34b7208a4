/// A gettext `Plural-Forms` rule (`nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);`):
/// how many forms a language has and which one a number takes. The expression is C's
/// integer arithmetic over `n`, evaluated here by a small parser (no `eval`, no loops).
public struct PluralRule: Sendable, Equatable {
    public let count: Int
    let expression: Node

    public static let oneOther = PluralRule(count: 2, expression: .binary("!=", .n, .number(1)))

    public init(header: String) throws(CatalogueProblem) {
        var nplurals: Int?
        var plural: String?
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "nplurals" { nplurals = Int(pair[1]) }
            if pair[0] == "plural" { plural = pair[1] }
        }
        guard let nplurals, (1...6).contains(nplurals), let plural else {
            throw CatalogueProblem(line: 0, message: "Plural-Forms must give nplurals (1–6) and plural")
        }
        var parser = Parser(tokens: try Self.tokens(plural))
        let node = try parser.conditional()
        guard parser.atEnd else { throw CatalogueProblem(line: 0, message: "unexpected text in the plural expression") }
        count = nplurals
        expression = node
    }

    init(count: Int, expression: Node) {
        self.count = count
        self.expression = expression
    }

    /// The index of the form `n` takes, within 0..<count.
    public func form(for n: Int) -> Int {
        let value = expression.evaluate(abs(n))
        return (0..<count).contains(value) ? value : count - 1
    }

    indirect enum Node: Sendable, Equatable {
        case n
        case number(Int)
        case not(Node)
        case binary(String, Node, Node)
        case conditional(Node, Node, Node)

        func evaluate(_ n: Int) -> Int {
            switch self {
            case .n: return n
            case .number(let value): return value
            case .not(let operand): return operand.evaluate(n) == 0 ? 1 : 0
            case .conditional(let test, let yes, let no): return test.evaluate(n) != 0 ? yes.evaluate(n) : no.evaluate(n)
            case .binary(let op, let left, let right):
                let a = left.evaluate(n)
                if op == "&&" { return a != 0 && right.evaluate(n) != 0 ? 1 : 0 }
                if op == "||" { return a != 0 || right.evaluate(n) != 0 ? 1 : 0 }
                let b = right.evaluate(n)
                switch op {
                case "==": return a == b ? 1 : 0
                case "!=": return a != b ? 1 : 0
                case "<": return a < b ? 1 : 0
                case "<=": return a <= b ? 1 : 0
                case ">": return a > b ? 1 : 0
                case ">=": return a >= b ? 1 : 0
                case "%": return b == 0 ? 0 : a % b
                case "+": return a &+ b
                case "-": return a &- b
                case "*": return a &* b
                case "/": return b == 0 ? 0 : a / b
                default: return 0
                }
            }
        }
    }

    static func tokens(_ text: String) throws(CatalogueProblem) -> [String] {
        var tokens: [String] = []
        var index = text.startIndex
        let twoCharacter: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace { index = text.index(after: index); continue }
            if character.isNumber {
                let end = text[index...].firstIndex { !$0.isNumber } ?? text.endIndex
                tokens.append(String(text[index..<end]))
                index = end
                continue
            }
            let next = text.index(after: index)
            if next < text.endIndex, twoCharacter.contains(String(text[index...next])) {
                tokens.append(String(text[index...next]))
                index = text.index(after: next)
                continue
            }
            guard "n()?:<>!%+-*/".contains(character) else {
                throw CatalogueProblem(line: 0, message: "unexpected character \(character) in the plural expression")
            }
            tokens.append(String(character))
            index = next
        }
        return tokens
    }

    /// Precedence climbing over C's operators, lowest first.
    struct Parser {
        var tokens: [String]
        var position = 0
        var atEnd: Bool { position == tokens.count }
        static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]]

        mutating func take(_ token: String) -> Bool {
            guard position < tokens.count, tokens[position] == token else { return false }
            position += 1
            return true
        }

        mutating func conditional() throws(CatalogueProblem) -> Node {
            let test = try binary(level: 0)
            guard take("?") else { return test }
            let yes = try conditional()
            guard take(":") else { throw CatalogueProblem(line: 0, message: "a ? without its : in the plural expression") }
            return .conditional(test, yes, try conditional())
        }

        mutating func binary(level: Int) throws(CatalogueProblem) -> Node {
            guard level < Self.levels.count else { return try unary() }
            var left = try binary(level: level + 1)
            while position < tokens.count, Self.levels[level].contains(tokens[position]) {
                let op = tokens[position]
                position += 1
                left = .binary(op, left, try binary(level: level + 1))
            }
            return left
        }

        mutating func unary() throws(CatalogueProblem) -> Node {
            if take("!") { return .not(try unary()) }
            if take("n") { return .n }
            if take("(") {
                let inner = try conditional()
                guard take(")") else { throw CatalogueProblem(line: 0, message: "a ( without its ) in the plural expression") }
                return inner
            }
            if position < tokens.count, let value = Int(tokens[position]) {
                position += 1
                return .number(value)
            }
            throw CatalogueProblem(line: 0, message: "the plural expression ends too early")
        }
    }
}
