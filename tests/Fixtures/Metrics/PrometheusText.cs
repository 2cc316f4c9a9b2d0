using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitGateway.Fixtures.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, written from the format's grammar
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details) so tests can check what a
/// scraper would read: metric and label names by their regular expressions, label values with only the escapes
/// <c>\\</c>, <c>\"</c> and <c>\n</c>, values as Go floats (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>), an optional
/// integer timestamp, at most one <c># TYPE</c> per family and before its samples, no series twice.
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>The samples of <paramref name="text"/>, and each family's declared type.</summary>
    /// <exception cref="FormatException">A line breaks the grammar; the message names the line.</exception>
    public static (IReadOnlyList<PrometheusSample> Samples, IReadOnlyDictionary<string, string> Types) Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (line[0] == '#')
                {
                    ReadComment(line, types, seenFamilies);
                    continue;
                }

                var sample = ReadSample(line);
                seenFamilies.Add(Family(sample.Name, types));
                var series = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
                if (!seenSeries.Add(series))
                {
                    throw new FormatException($"series {series} appears twice");
                }

                samples.Add(sample);
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {i + 1}: {e.Message}: {line}", e);
            }
        }

        return (samples, types);
    }

    private static void ReadComment(string line, Dictionary<string, string> types, HashSet<string> seenFamilies)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("TYPE" or "HELP"))
        {
            return; // an ordinary comment
        }

        if (!MetricName().IsMatch(parts[2]))
        {
            throw new FormatException($"bad metric name '{parts[2]}'");
        }

        if (parts[1] == "HELP")
        {
            return;
        }

        if (parts.Length != 4 || !Types.Contains(parts[3]))
        {
            throw new FormatException("bad TYPE line");
        }

        if (types.ContainsKey(parts[2]) || seenFamilies.Contains(parts[2]))
        {
            throw new FormatException($"TYPE for {parts[2]} twice or after its samples");
        }

        types[parts[2]] = parts[3];
    }

    private static PrometheusSample ReadSample(string line)
    {
        var name = MetricNamePrefix().Match(line);
        if (!name.Success)
        {
            throw new FormatException("no metric name");
        }

        var pos = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pos < line.Length && line[pos] == '{')
        {
            pos = ReadLabels(line, pos + 1, labels);
        }

        if (pos >= line.Length || line[pos] != ' ')
        {
            throw new FormatException("expected a space before the value");
        }

        var rest = line[(pos + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("expected a value and an optional timestamp");
        }

        return new PrometheusSample(name.Value, labels, Value(rest[0]));
    }

    private static int ReadLabels(string line, int pos, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (pos < line.Length && line[pos] == '}')
            {
                return pos + 1;
            }

            var label = LabelNamePrefix().Match(line, pos);
            if (!label.Success || label.Index != pos || pos + label.Length + 1 >= line.Length || line[pos + label.Length] != '=' || line[pos + label.Length + 1] != '"')
            {
                throw new FormatException($"bad label at column {pos + 1}");
            }

            pos += label.Length + 2;
            var value = new StringBuilder();
            while (true)
            {
                if (pos >= line.Length)
                {
                    throw new FormatException("unterminated label value");
                }

                var c = line[pos++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    value.Append(pos < line.Length ? line[pos++] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        var other => throw new FormatException($"invalid escape \\{other}"),
                    } : throw new FormatException("backslash at the end of the line"));
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(label.Value, value.ToString()))
            {
                throw new FormatException($"label {label.Value} twice");
            }

            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
            }
            else if (pos >= line.Length || line[pos] != '}')
            {
                throw new FormatException($"expected ',' or '}}' at column {pos + 1}");
            }
        }
    }

    private static double Value(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when FloatLiteral().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"bad value '{text}'"),
    };

    // A histogram's or summary's _bucket, _sum and _count lines belong to the family its TYPE names.
    private static string Family(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricNamePrefix();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelNamePrefix();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex FloatLiteral();
}
