using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Data;

/// <summary>Which database engine holds the data.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file (<c>App_Data/openbooking.db</c> unless <c>ConnectionStrings:OpenBooking</c> names another): one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<c>ConnectionStrings:OpenBooking</c>), which several app instances may share.</summary>
    PostgreSql,
}

/// <summary>The <c>Database</c> settings section.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// How often each instance looks whether another one changed the services, closures or dashboard settings
    /// (<see cref="ChangeStampWatcher"/>); 0 turns the check off (one instance alone on its database).
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Database:ChangeCheckSeconds must be between 0 and 3600.")]
    public int ChangeCheckSeconds { get; set; } = 1;

    /// <summary>
    /// SQLite: how long a statement waits for another process's write lock before the call fails as
    /// <c>temporarily_unavailable</c> (SQLite's busy timeout and the command timeout).
    /// </summary>
    [Range(1, 600, ErrorMessage = "Database:BusyTimeoutSeconds must be between 1 and 600.")]
    public int BusyTimeoutSeconds { get; set; } = DefaultBusyTimeoutSeconds;

    public const int DefaultBusyTimeoutSeconds = 30;

    /// <summary><c>ConnectionStrings:OpenBooking</c>, copied here to validate it with the provider.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Database:Provider is PostgreSql but ConnectionStrings:OpenBooking is empty; set it, for example "
                + "\"Host=db;Database=openbooking;Username=openbooking;Password=...\".",
                [nameof(ConnectionString)]);
        }
    }
}
