/**
 * Hand-written declarations of the part of `@kit.AssetStoreKit` that HarmonyWG uses (from the
 * OpenHarmony API reference: `@ohos.security.asset`, interface_sdk-js api/@ohos.security.asset.d.ts).
 * Only these members exist here.
 *
 * An asset is identified by its owner (the calling application: bundle name, app index and appId, the
 * same for every process of the app, the `:vpn` extension process included) and its ALIAS.
 * Error codes (asset.ErrorCode, @since 11): 201 permission denied, 401 invalid argument,
 * 24000001 service unavailable, 24000002 NOT_FOUND, 24000003 DUPLICATED, 24000004 access denied,
 * 24000005 device status (lock screen) mismatch, 24000006 out of memory, 24000007 data corrupted,
 * 24000008 database error, 24000009 crypto error, 24000010 IPC error, 24000011 bundle manager error,
 * 24000012 account error, 24000013 access token error, 24000014 file operation error,
 * 24000015 system time error, 24000016 limit exceeded, 24000017 unsupported.
 */
declare module '@kit.AssetStoreKit' {
  /** The Asset Store: short secrets kept encrypted by the system (HUKS). @since 11 */
  export namespace asset {
    /** Tag → value pairs describing an asset or a query. @since 11 */
    type AssetMap = Map<Tag, Value>;

    /** An attribute or secret value. @since 11 */
    type Value = boolean | number | Uint8Array;

    /** When the secret of an asset can be read (lock-screen state). @since 11 */
    enum Accessibility {
      /** After the device is powered on (before the first unlock too). @since 11 */
      DEVICE_POWERED_ON = 0,
      /** After the first unlock since power on (the default when ACCESSIBILITY is not given). @since 11 */
      DEVICE_FIRST_UNLOCKED = 1,
      /** Only while the device is unlocked. @since 11 */
      DEVICE_UNLOCKED = 2
    }

    /** Whether an asset may leave the device in a backup / clone. @since 11 */
    enum SyncType {
      /** Never transferred out (the default). @since 11 */
      NEVER = 0,
      /** Only restored to the device it came from. @since 11 */
      THIS_DEVICE = 1,
      /** Only to a trusted device. @since 11 */
      TRUSTED_DEVICE = 2
    }

    /** What add does with an existing alias. @since 11 */
    enum ConflictResolution {
      /** Overwrite the existing asset. @since 11 */
      OVERWRITE = 0,
      /** Reject with 24000003 DUPLICATED. @since 11 */
      THROW_ERROR = 1
    }

    /** What query returns. @since 11 */
    enum ReturnType {
      /** Secret and attributes. @since 11 */
      ALL = 0,
      /** Attributes only. @since 11 */
      ATTRIBUTES = 1
    }

    /** Attribute tags (the high nibble is the value type: 1 bool, 2 number, 3 bytes). @since 11 */
    enum Tag {
      /** The secret, 1..1024 bytes. @since 11 */
      SECRET = 0x30000001,
      /** The asset's unique name for its owner, 1..256 bytes. @since 11 */
      ALIAS = 0x30000002,
      /** An Accessibility value. @since 11 */
      ACCESSIBILITY = 0x20000003,
      /** A SyncType value. @since 11 */
      SYNC_TYPE = 0x20000010,
      /** A ReturnType value (query). @since 11 */
      RETURN_TYPE = 0x20000040,
      /** A ConflictResolution value (add). @since 11 */
      CONFLICT_RESOLUTION = 0x20000044
    }

    /** The error codes of the asset functions. @since 11 */
    enum ErrorCode {
      /** @since 11 */
      PERMISSION_DENIED = 201,
      /** @since 11 */
      INVALID_ARGUMENT = 401,
      /** @since 11 */
      SERVICE_UNAVAILABLE = 24000001,
      /** No asset matches the query. @since 11 */
      NOT_FOUND = 24000002,
      /** An asset with this alias exists. @since 11 */
      DUPLICATED = 24000003,
      /** @since 11 */
      ACCESS_DENIED = 24000004,
      /** The lock-screen state does not allow the access (Accessibility). @since 11 */
      STATUS_MISMATCH = 24000005
    }

    /**
     * Adds an asset (SECRET and ALIAS required). Throws 201, 401, 24000001, 24000003 (alias exists),
     * 24000005..24000015.
     * @since 12
     */
    function addSync(attributes: AssetMap): void;

    /** Removes the assets matching `query` (e.g. by ALIAS). Throws 401, 24000001, 24000002 (none), 24000006..24000013. @since 12 */
    function removeSync(query: AssetMap): void;

    /**
     * The assets matching `query` (RETURN_TYPE ALL: with SECRET). Throws 401, 24000001,
     * 24000002 (none), 24000004, 24000005 (locked: Accessibility), 24000006..24000013, 24000017.
     * @since 12
     */
    function querySync(query: AssetMap): Array<AssetMap>;
  }
}
