using System.Globalization;
using System.Net;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>Parses annotation values; a value that does not parse is listed as not converted, with what was expected.</summary>
internal sealed class ValueReader(IngressSource ingress, Dictionary<string, IngressAnnotation> values, IngressNotes notes)
{
    public bool? Bool(string key)
    {
        if (values.GetValueOrDefault(key) is not { } a)
        {
            return null;
        }

        if (bool.TryParse(a.Value.Trim(), out var b))
        {
            return b;
        }

        Reject(key, $"'{a.Value}' is not true or false");
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        if (values.GetValueOrDefault(key) is not { } a)
        {
            return null;
        }

        var text = a.Value.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return (int)n;
        }

        Reject(key, $"'{a.Value}' is not a whole number from {min} to {max}");
        return null;
    }

    public int? Code(string key)
    {
        var code = Int(key, 300, 399);
        if (code is null or 301 or 302 or 303 or 307 or 308)
        {
            return code;
        }

        Reject(key, $"{code} is not a redirect code a route may answer (301, 302, 303, 307, 308)");
        return null;
    }

    public string? HeaderName(string key)
    {
        if (values.GetValueOrDefault(key) is not { } a)
        {
            return null;
        }

        if (HeaderNames.IsValid(a.Value))
        {
            return a.Value;
        }

        Reject(key, $"'{a.Value}' is not an HTTP header name");
        return null;
    }

    /// <summary>A comma-separated list of CIDRs or addresses (an address is a /32 or /128); entries that do not parse are listed.</summary>
    public IReadOnlyList<string> Cidrs(string key)
    {
        if (values.GetValueOrDefault(key) is not { } a)
        {
            return [];
        }

        var result = new List<string>();
        foreach (var entry in a.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(256))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                result.Add(network.ToString());
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                result.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8).ToString());
            }
            else
            {
                Reject(key, $"'{entry}' is not a CIDR or an IP address; the other entries are converted");
            }
        }

        return result;
    }

    public void Reject(string key, string reason) =>
        notes.NotConverted(ingress, NginxAnnotationReader.Prefix + key, reason, values[key].Mark);
}
