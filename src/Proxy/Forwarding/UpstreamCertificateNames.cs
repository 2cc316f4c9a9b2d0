using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Matches a backend certificate's subject alternative names against a BackendTLSPolicy's subjectAltNames: a
/// Hostname is a DNS name (RFC 6125: a certificate's <c>*.example.com</c> covers one left-most label, and a
/// policy's <c>*.example.com</c> accepts a name one label below it, or the same wildcard); a URI must be equal,
/// byte for byte, to a uniformResourceIdentifier SAN (RFC 5280 section 4.2.1.6), e.g. a SPIFFE id.
/// </summary>
internal static class UpstreamCertificateNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static bool MatchesAny(X509Certificate2 certificate, IReadOnlyList<SubjectAltName> wanted)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[SubjectAltNameOid] as X509SubjectAlternativeNameExtension;
        if (extension is null)
        {
            return false;
        }

        var dns = extension.EnumerateDnsNames().ToList();
        var uris = Uris(extension);
        return wanted.Any(w => w.Type == "URI"
            ? uris.Contains(w.Value, StringComparer.Ordinal)
            : dns.Any(d => DnsMatches(d, w.Value)));
    }

    internal static bool DnsMatches(string presented, string wanted)
    {
        if (string.Equals(presented, wanted, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (Wildcard(presented, wanted) || Wildcard(wanted, presented)) && !presented.StartsWith("*.", StringComparison.Ordinal) == wanted.StartsWith("*.", StringComparison.Ordinal);
    }

    // "*.example.com" covers "a.example.com", never "example.com" or "a.b.example.com".
    private static bool Wildcard(string pattern, string name)
    {
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(name[(dot + 1)..], pattern[2..], StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Uris(X509SubjectAlternativeNameExtension extension)
    {
        var result = new List<string>();
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(UriTag))
                {
                    result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return []; // a malformed extension names nothing
        }

        return result;
    }
}
