using System.Globalization;
using System.Text;
using GitGateway.Renderer.Rendering;
using Quartz;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Reconciler.Scheduling;

/// <summary>
/// Reads <c>spec.freezeWindows</c> (<c>{schedule, duration, reason}</c>) from <c>gitgateway.yaml</c>. A window
/// that cannot be read is returned as an error message, and the reconciler treats the commit as frozen rather
/// than applying through a freeze someone meant to declare.
/// </summary>
internal static class FreezeWindowReader
{
    public static (IReadOnlyList<FreezeWindow> Windows, IReadOnlyList<string> Errors) Read(IEnumerable<SourceFile> files)
    {
        var config = files.FirstOrDefault(f => f.Path == "gitgateway.yaml");
        var windows = new List<FreezeWindow>();
        var errors = new List<string>();
        if (config is null)
        {
            return (windows, errors);
        }

        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(Encoding.UTF8.GetString(config.Content.Span)));
            var list = yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
                && Child(root, "spec") is YamlMappingNode spec && Child(spec, "freezeWindows") is YamlSequenceNode seq ? seq : null;
            foreach (var node in list?.Children ?? [])
            {
                var w = (YamlMappingNode)node;
                var schedule = Scalar(w, "schedule") ?? "";
                if (!IsValidCron(schedule) || !TryParseDuration(Scalar(w, "duration") ?? "", out var duration))
                {
                    errors.Add($"gitgateway.yaml:{node.Start.Line}: freeze window needs a valid Quartz cron 'schedule' and a 'duration' like 64h or 1h30m");
                    continue;
                }

                windows.Add(new FreezeWindow(schedule, duration, Scalar(w, "reason") ?? "freeze window"));
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidCastException)
        {
            errors.Add("gitgateway.yaml: " + ex.Message);
        }

        return (windows, errors);
    }

    /// <summary>Durations written like Go's: <c>90s</c>, <c>30m</c>, <c>64h</c>, <c>1h30m</c>, <c>2d</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var number = new StringBuilder();
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                number.Append(c);
                continue;
            }

            if (number.Length == 0 || !long.TryParse(number.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            // A count of units longer than a TimeSpan holds (from Git, or a config file) is no duration, not an overflow.
            var unit = c switch { 'd' => TimeSpan.TicksPerDay, 'h' => TimeSpan.TicksPerHour, 'm' => TimeSpan.TicksPerMinute, 's' => TimeSpan.TicksPerSecond, _ => 0 };
            if (unit == 0 || n > (TimeSpan.MaxValue.Ticks - duration.Ticks) / unit)
            {
                return false;
            }

            duration += TimeSpan.FromTicks(n * unit);
            number.Clear();
        }

        return number.Length == 0 && duration > TimeSpan.Zero;
    }

    private static bool IsValidCron(string schedule)
    {
        try
        {
            _ = new CronExpression(schedule, TimeZoneInfo.Utc);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}
