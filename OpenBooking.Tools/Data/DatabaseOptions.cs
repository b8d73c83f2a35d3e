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
