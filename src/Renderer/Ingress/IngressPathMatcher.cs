using System.Text.RegularExpressions;
using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Turns an Ingress path and its pathType into a Gateway API path match (and a URL rewrite for rewrite-target),
/// after ingress-nginx: Exact is exact; Prefix is a path-segment prefix like PathPrefix; ImplementationSpecific is
/// nginx's plain string prefix; with use-regex or rewrite-target every path of the Ingress is a case-insensitive
/// regular expression anchored at its start (https://kubernetes.github.io/ingress-nginx/user-guide/ingress-path-matching/).
/// </summary>
internal static partial class IngressPathMatcher
{
    public static (string Type, string Value, (string Type, string Value, SourceMark Mark)? Rewrite)? Match(
        IngressSource ingress, NginxAnnotations a, IngressPath path, IngressNotes notes)
    {
        var regexMode = a.UseRegex || a.RewriteTarget is not null;
        if (path.PathType == "Exact")
        {
            return ("Exact", path.Path, Rewrite(ingress, a, path, hasGroups: false, notes));
        }

        if (regexMode && RegexSyntax().IsMatch(path.Path))
        {
            return RegexPath(ingress, a, path, notes);
        }

        if (path.PathType == "ImplementationSpecific")
        {
            notes.Explained(ingress, "pathType", $"ImplementationSpecific '{path.Path}' is nginx's plain string prefix in ingress-nginx ('/foo' also matched '/foobar'); "
                + "it is converted to PathPrefix, which matches whole path segments ('/foo', '/foo/…') as pathType Prefix does", path.Mark);
        }

        if (regexMode)
        {
            notes.Approximated(ingress, "path", $"with rewrite-target or use-regex, ingress-nginx matched '{path.Path}' as a case-insensitive regular expression prefix "
                + "(it also matched other cases and longer names such as '/apiv2' for '/api'); the route matches the path and its sub-paths as written", path.Mark);
        }

        return ("PathPrefix", path.Path, Rewrite(ingress, a, path, hasGroups: false, notes));
    }

    private static (string, string, (string, string, SourceMark)?)? RegexPath(IngressSource ingress, NginxAnnotations a, IngressPath path, IngressNotes notes)
    {
        // The common prefix-stripping idiom: '/api(/|$)(.*)' with rewrite-target '/$2' is a PathPrefix with
        // ReplacePrefixMatch '/': '/api' → '/', '/api/x' → '/x', and '/apix' matches neither.
        var idiom = StripIdiom().Match(path.Path);
        if (idiom.Success && a.RewriteTarget is { } target && target.Value == "/$2")
        {
            var prefix = idiom.Groups["prefix"].Value.Length == 0 ? "/" : idiom.Groups["prefix"].Value;
            notes.Explained(ingress, NginxAnnotationReader.Prefix + "rewrite-target", $"'{path.Path}' with '/$2' strips the prefix: converted to PathPrefix '{prefix}' with ReplacePrefixMatch '/'", target.Mark);
            return ("PathPrefix", prefix, ("ReplacePrefixMatch", "/", target.Mark));
        }

        var pattern = path.Path.StartsWith('^') ? path.Path[1..] : path.Path;
        pattern = pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern[..^1] : pattern + ".*";
        notes.Approximated(ingress, "path", $"'{path.Path}' is a regular expression in ingress-nginx, matched case-insensitively from the start of the path; "
            + $"converted to RegularExpression '{pattern}' (the whole path, case-sensitive): no routing test is generated for it, write one", path.Mark);
        return ("RegularExpression", pattern, Rewrite(ingress, a, path, hasGroups: true, notes));
    }

    private static (string, string, SourceMark)? Rewrite(IngressSource ingress, NginxAnnotations a, IngressPath path, bool hasGroups, IngressNotes notes)
    {
        if (a.RewriteTarget is not { } target)
        {
            return null;
        }

        if (target.Value.Contains('$', StringComparison.Ordinal))
        {
            notes.NotConverted(ingress, target.Key, hasGroups
                ? $"'{target.Value}' uses capture groups of '{path.Path}' beyond the '(/|$)(.*)' prefix idiom, which a URLRewrite cannot express: the route forwards the path unchanged; rewrite it by hand"
                : $"'{target.Value}' refers to capture groups, but '{path.Path}' has none: the route forwards the path unchanged", target.Mark);
            return null;
        }

        notes.Explained(ingress, target.Key, $"ingress-nginx (0.22 and later) replaces the whole path of a matching request with '{target.Value}' "
            + $"(a request for '{path.Path.TrimEnd('/')}/users' reaches the backend as '{target.Value}'): converted to ReplaceFullPath; use ReplacePrefixMatch if only the prefix should go", target.Mark);
        return ("ReplaceFullPath", target.Value, target.Mark);
    }

    [GeneratedRegex(@"[\^\$\(\)\[\]\{\}\*\+\?\|\\]")]
    private static partial Regex RegexSyntax();

    [GeneratedRegex(@"^(?<prefix>(/[^/()\[\]{}*+?|\\^$]+)*)\(/\|\$\)\(\.\*\)\z")]
    private static partial Regex StripIdiom();
}
