import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of an S3 XML document: its name, its text and its child elements (namespaces dropped).
public struct S3XML: Sendable {
    public internal(set) var name: String
    public internal(set) var text: String
    public internal(set) var children: [S3XML]

    /// Parses a document; `nil` when it is not well-formed XML. External entities are never resolved.
    public init?(parsing data: Data) {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = builder.root else { return nil }
        self = root
    }

    init(name: String, text: String = "", children: [S3XML] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public subscript(_ name: String) -> S3XML? { children.first { $0.name == name } }

    /// Every child named `name`.
    public func all(_ name: String) -> [S3XML] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    public func text(_ name: String) -> String? { self[name]?.text }

    /// Builds the tree from parser events.
    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [S3XML] = []
        var root: S3XML?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(S3XML(name: String(elementName.split(separator: ":").last ?? Substring(elementName))))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}

extension S3XML {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, for building request bodies.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
