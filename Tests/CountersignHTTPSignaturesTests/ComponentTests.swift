import CountersignHTTPSignatures
import Testing

/// Derived components and field parameters beyond what Appendix B exercises.
@Suite("Covered components")
struct ComponentTests {
    let message = HTTPMessage(
        method: "POST", targetURI: TargetURI(scheme: "HTTPS", authority: "WWW.Example.com:443", path: "/path", query: "param=value&foo=bar&baz=bat%2Dman&qux="),
        fields: [HTTPField(name: "Example-Dict", value: " a=1,    b=2;x=1;y=2,   c=(a   b   c)"), HTTPField(name: "X-Empty", value: "")])

    private func line(_ component: ComponentIdentifier) throws -> String {
        let base = try SignatureBase.build(for: message, parameters: SignatureParameters(components: [component], created: nil, keyid: nil))
        return String(base.split(separator: "\n")[0])
    }

    @Test("derived components (RFC 9421 section 2.2 examples)")
    func derived() throws {
        #expect(try line(.method) == #""@method": POST"#)
        #expect(try line(.targetURI) == #""@target-uri": https://www.example.com/path?param=value&foo=bar&baz=bat%2Dman&qux="#)
        #expect(try line(.authority) == #""@authority": www.example.com"#)
        #expect(try line(.scheme) == #""@scheme": https"#)
        #expect(try line(.requestTarget) == #""@request-target": /path?param=value&foo=bar&baz=bat%2Dman&qux="#)
        #expect(try line(.path) == #""@path": /path"#)
        #expect(try line(.query) == #""@query": ?param=value&foo=bar&baz=bat%2Dman&qux="#)
        #expect(try line(.queryParam("baz")) == #""@query-param";name="baz": bat-man"#)
        #expect(try line(.queryParam("qux")) == #""@query-param";name="qux": "#)
    }

    @Test("dictionary members and re-serialisation (RFC 9421 section 2.1.2)")
    func fieldParameters() throws {
        #expect(try line(ComponentIdentifier("example-dict", parameters: [.key("a")])) == #""example-dict";key="a": 1"#)
        #expect(try line(ComponentIdentifier("example-dict", parameters: [.key("b")])) == #""example-dict";key="b": 2;x=1;y=2"#)
        #expect(try line(ComponentIdentifier("example-dict", parameters: [.key("c")])) == #""example-dict";key="c": (a b c)"#)
        #expect(try line(ComponentIdentifier("example-dict")) == #""example-dict": a=1,    b=2;x=1;y=2,   c=(a   b   c)"#)
        #expect(try line(ComponentIdentifier("x-empty")) == #""x-empty": "#)
        #expect(try line(ComponentIdentifier("example-dict", parameters: [.byteSequence]))
            == #""example-dict";bs: :YT0xLCAgICBiPTI7eD0xO3k9MiwgICBjPShhICAgYiAgIGMp:"#)
    }

    @Test("absent and unsupported components are refused")
    func refused() {
        #expect(throws: HTTPSignatureError.componentUnavailable("\"content-digest\"")) { try line(.contentDigest) }
        #expect(throws: HTTPSignatureError.componentUnavailable("\"@status\"")) { try line(.status) }
        #expect(throws: HTTPSignatureError.componentUnavailable(#""@query-param";name="nope""#)) { try line(.queryParam("nope")) }
        #expect(throws: HTTPSignatureError.unsupportedComponent("\"@signature-params\"")) { try line(ComponentIdentifier("@signature-params")) }
        #expect(throws: HTTPSignatureError.unsupportedComponent("\"@request-response\"")) { try line(ComponentIdentifier("@request-response")) }
        #expect(throws: HTTPSignatureError.unsupportedComponent("\"Example-Dict\"")) { try line(ComponentIdentifier("Example-Dict")) }
    }

    @Test("a value with a line break cannot forge base lines")
    func lineBreak() {
        let forged = message.adding("x-forged", "a\n\"@method\": GET")
        let parameters = SignatureParameters(components: [ComponentIdentifier("x-forged")], created: nil, keyid: nil)
        let error = #expect(throws: HTTPSignatureError.self) { try SignatureBase.build(for: forged, parameters: parameters) }
        #expect(error?.code == "http_signature_malformed")
    }
}
