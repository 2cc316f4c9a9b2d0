using System.Text;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// The webhook secrets a repository accepts: one per line of the configured secret (file or environment), so
/// that during a rotation the old and the new secret are both valid. A secret file is re-read when it changes
/// (its size or write time, checked on each delivery), without a restart; a file that becomes unreadable or empty
/// keeps the secrets read last.
/// </summary>
internal sealed class WebhookSecrets
{
    /// <summary>More lines than this are ignored: a rotation needs two.</summary>
    public const int MaxSecrets = 4;

    private readonly string? _file;
    private readonly Lock _gate = new();
    private (long Length, DateTime Written) _stamp;
    private byte[][] _current;

    public WebhookSecrets(string? text, string? file)
    {
        _file = file;
        _current = Parse(text);
        if (file is not null)
        {
            Reload();
        }
    }

    public static WebhookSecrets None { get; } = new(null, null);

    /// <summary>The secrets valid now (none: every delivery is refused).</summary>
    public byte[][] Current()
    {
        if (_file is not null)
        {
            Reload();
        }

        return Volatile.Read(ref _current);
    }

    private void Reload()
    {
        try
        {
            var info = new FileInfo(_file!);
            var stamp = (info.Length, info.LastWriteTimeUtc);
            lock (_gate)
            {
                if (stamp == _stamp)
                {
                    return;
                }

                var secrets = Parse(File.ReadAllText(_file!));
                if (secrets.Length > 0)
                {
                    Volatile.Write(ref _current, secrets);
                    _stamp = stamp;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // keep the secrets read last
        }
    }

    private static byte[][] Parse(string? text) =>
        text is null ? [] : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxSecrets).Select(Encoding.UTF8.GetBytes)];
}
