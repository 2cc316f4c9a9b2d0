using System.Net;
using System.Net.Sockets;

namespace GitGateway.Reconciler.Demo;

/// <summary>Ports and scratch space for the demo, decided before anything starts.</summary>
internal static class DemoPorts
{
    /// <summary>
    /// The port asked for when it is free (null when it is taken); without one, <paramref name="preferred"/> when
    /// free, else any free port, so a second demo starts at once instead of retrying a taken bind.
    /// </summary>
    public static int? Choose(int? requested, int preferred)
    {
        if (requested is { } port)
        {
            return port == 0 ? Free() : IsFree(port) ? port : null;
        }

        return IsFree(preferred) ? preferred : Free();
    }

    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind in the temporary folder; the OS cleans it.
        }
    }
}
