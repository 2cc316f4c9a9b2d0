using System.Diagnostics.CodeAnalysis;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The TCP MD5 keys of this node's peers, read from the node's secret directory (<c>--secret-dir</c>):
/// <c>DIR/&lt;passwordSecretRef.name&gt;/password</c>, as a Kubernetes Secret with the key <c>password</c> is mounted.
/// Key material never travels in a plan. A plan is input too: a name that is not a DNS-1123 name, a file whose real
/// path leaves DIR, a missing, unreadable, empty or over-long key is a reason to refuse the plan, never to open the
/// session unsigned. One trailing newline (<c>echo key &gt; password</c>) is not part of the key.
/// </summary>
internal static class PeerSecrets
{
    /// <summary>The file holding the key inside a secret's folder.</summary>
    public const string KeyFile = "password";

    private const int MaxFileBytes = 4096;

    /// <summary>The keys of the peers this node talks to, by secret name; each reference that cannot be read adds a problem.</summary>
    public static Dictionary<string, PeerPassword> Read(RoutingPlan plan, AnnouncerOptions options, List<string> problems)
    {
        var keys = new Dictionary<string, PeerPassword>(StringComparer.Ordinal);
        foreach (var vip in VipSelection.ForNode(plan, options))
        {
            foreach (var peer in vip.Bgp!.Peers)
            {
                if (peer.PasswordSecretRef is not { } name || keys.ContainsKey(name))
                {
                    continue;
                }

                if (TryRead(options.SecretDirectory, name, out var key, out var error))
                {
                    keys[name] = key;
                }
                else
                {
                    problems.Add($"{vip.Id}: peer {peer.Address}: passwordSecretRef '{name}': {error}");
                }
            }
        }

        return keys;
    }

    /// <summary>Reads one key; on failure <paramref name="error"/> says why (never with key material).</summary>
    public static bool TryRead(string? directory, string name, [NotNullWhen(true)] out PeerPassword? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        error = null;
        if (directory is null)
        {
            error = "this node has no secret directory (--secret-dir)";
            return false;
        }

        if (!MountedFiles.IsName(name))
        {
            error = "not a DNS-1123 name";
            return false;
        }

        try
        {
            var path = Path.Combine(Path.GetFullPath(directory), name, KeyFile);
            if (!File.Exists(path))
            {
                error = $"{name}/{KeyFile} not found in the secret directory";
                return false;
            }

            if (MountedFiles.Inside(directory, path) is not { } real)
            {
                error = "its file leads out of the secret directory";
                return false;
            }

            return Parse(ReadBounded(real), out key, out error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "unreadable: " + e.Message;
            return false;
        }
    }

    private static bool Parse(byte[] bytes, [NotNullWhen(true)] out PeerPassword? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        error = null;
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n')
        {
            length -= length > 1 && bytes[length - 2] == '\r' ? 2 : 1;
        }

        if (length == 0 || length > PeerPassword.MaxLength)
        {
            error = $"the key must have 1 to {PeerPassword.MaxLength} bytes (RFC 2385 on Linux), it has {length}";
            return false;
        }

        key = new PeerPassword(bytes.AsSpan(0, length));
        Array.Clear(bytes);
        return true;
    }

    private static byte[] ReadBounded(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[MaxFileBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        var bytes = buffer[..total];
        Array.Clear(buffer);
        return bytes;
    }
}
