namespace OpenBooking.Tools.Data;

/// <summary>
/// Where OpenBooking keeps its files (database, mail pickup folder, keys). A relative <c>Storage:DataDirectory</c>
/// is resolved against the solution folder when the app runs from a source checkout (so the web app and the
/// stdio tool host share one database), else against the content root.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Resolve(string relativeOrAbsolute) => System.IO.Path.GetFullPath(relativeOrAbsolute, Path);

    public static DataDirectory From(string? configured, string contentRoot)
    {
        configured = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        if (System.IO.Path.IsPathRooted(configured))
        {
            return new DataDirectory(configured);
        }
        var root = SolutionFolder.Find(contentRoot) ?? contentRoot;
        return new DataDirectory(System.IO.Path.Combine(root, configured));
    }
}

/// <summary>Finds the folder holding OpenBooking.sln above a start folder, when running from source.</summary>
public static class SolutionFolder
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OpenBooking.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
