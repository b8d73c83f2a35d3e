namespace OpenBooking.Tools.Hosting;

/// <summary>Serves the tool servers over stdio.</summary>
public static class StdioToolHost
{
    public static Task<int> RunAsync(string[] args) => throw new NotImplementedException("stdio host pending");
}
