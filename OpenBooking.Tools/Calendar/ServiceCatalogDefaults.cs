namespace OpenBooking.Tools.Calendar;

/// <summary>The service every business starts with (created from the <c>Booking</c> settings).</summary>
public static class ServiceCatalogDefaults
{
    public static readonly Guid DefaultServiceId = new("6f1c2b9e-3d4a-4c55-9b7e-0a1d2c3b4e5f");

    /// <summary>As EF Core stores a Guid on SQLite (upper-case text), for hand-written SQL.</summary>
    public const string DefaultServiceIdText = "6F1C2B9E-3D4A-4C55-9B7E-0A1D2C3B4E5F";

    public const string DefaultServiceName = "Appointment";
}
