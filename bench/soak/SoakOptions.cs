using System.Globalization;

namespace GitGateway.Soak;

/// <summary>
/// How long the soak runs, how often a node is killed and the plan changes, and how many load workers send
/// requests: <c>--duration 30m --kill-every 5m --change-every 2s --workers 8</c> (the defaults).
/// </summary>
internal sealed record SoakOptions(TimeSpan Duration, TimeSpan KillEvery, TimeSpan ChangeEvery, int Workers)
{
    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), 8);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--duration" => options with { Duration = ParseDuration(args[i + 1]) },
                "--kill-every" => options with { KillEvery = ParseDuration(args[i + 1]) },
                "--change-every" => options with { ChangeEvery = ParseDuration(args[i + 1]) },
                "--workers" => options with { Workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}; usage: --duration 30m --kill-every 5m --change-every 2s --workers 8"),
            };
        }

        return options;
    }

    private static TimeSpan ParseDuration(string text)
    {
        var value = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw new ArgumentException($"'{text}' is not a duration like 90s, 5m or 1h"),
        };
    }
}
