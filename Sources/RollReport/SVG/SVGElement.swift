/// A minimal SVG / XML element tree: a name, attributes in the order given, children or text. Rendering escapes
/// text and attribute values, so data (a file name, an alert message) can never break the markup.
public struct SVGElement: Sendable, Equatable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    public var text: String?

    public init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [SVGElement] = []) {
        self.name = name; self.attributes = attributes; self.text = text; self.children = children
    }

    public static func == (a: SVGElement, b: SVGElement) -> Bool {
        a.name == b.name && a.attributes.elementsEqual(b.attributes, by: ==) && a.children == b.children && a.text == b.text
    }

    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    public func render(into out: inout String) {
        out += "<" + name
        for (k, v) in attributes { out += " \(k)=\"\(Self.escape(v))\"" }
        if children.isEmpty && text == nil { out += "/>"; return }
        out += ">"
        if let text { out += Self.escape(text) }
        for c in children { c.render(into: &out) }
        out += "</\(name)>"
    }

    /// XML escaping of the five special characters.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Every element of this tree (itself first) with the given name and, if given, class.
    public func all(_ name: String, class cls: String? = nil) -> [SVGElement] {
        var found: [SVGElement] = []
        if self.name == name, cls == nil || attribute("class")?.split(separator: " ").contains(Substring(cls!)) == true {
            found.append(self)
        }
        for c in children { found += c.all(name, class: cls) }
        return found
    }

    public func attribute(_ key: String) -> String? { attributes.first { $0.0 == key }?.1 }
}

/// Numbers in SVG coordinates: at most 2 decimals, no exponent, no "-0".
public func svgNumber(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 100).rounded() / 100
    if r == r.rounded() && abs(r) < 1e12 { return String(Int64(r)) }
    return "\(r)"
}
