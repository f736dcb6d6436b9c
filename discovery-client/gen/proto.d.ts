// GENERATED FILE, do not edit: `npm run proto` (scripts/gen-proto.mjs, protobufjs-cli pbjs -t static-module
// --keep-case, then pbts) writes it from discovery-client/proto/{destination,inbound,identity,header}.proto.
// test/unit/proto-gen.test.ts fails when it is out of date.
import * as $protobuf from "protobufjs";
import Long = require("long");
/** Namespace io. */
export namespace io {

    /** Namespace linkerd. */
    namespace linkerd {

        /** Namespace proxy. */
        namespace proxy {

            /** Namespace destination. */
            namespace destination {

                /** Properties of a GetDestination. */
                interface IGetDestination {

                    /** GetDestination scheme */
                    scheme?: (string|null);

                    /** GetDestination path */
                    path?: (string|null);

                    /** GetDestination context_token */
                    context_token?: (string|null);
                }

                /** Represents a GetDestination. */
                class GetDestination implements IGetDestination {

                    /**
                     * Constructs a new GetDestination.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IGetDestination);

                    /** GetDestination scheme. */
                    public scheme: string;

                    /** GetDestination path. */
                    public path: string;

                    /** GetDestination context_token. */
                    public context_token: string;

                    /**
                     * Creates a new GetDestination instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns GetDestination instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IGetDestination): io.linkerd.proxy.destination.GetDestination;

                    /**
                     * Encodes the specified GetDestination message. Does not implicitly {@link io.linkerd.proxy.destination.GetDestination.verify|verify} messages.
                     * @param message GetDestination message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IGetDestination, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a GetDestination message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns GetDestination
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.GetDestination;

                    /**
                     * Creates a GetDestination message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns GetDestination
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.GetDestination;

                    /**
                     * Creates a plain object from a GetDestination message. Also converts values to other types if specified.
                     * @param message GetDestination
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.GetDestination, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this GetDestination to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of an Update. */
                interface IUpdate {

                    /** Update add */
                    add?: (io.linkerd.proxy.destination.IWeightedAddrSet|null);

                    /** Update remove */
                    remove?: (io.linkerd.proxy.destination.IAddrSet|null);

                    /** Update no_endpoints */
                    no_endpoints?: (io.linkerd.proxy.destination.INoEndpoints|null);
                }

                /** Represents an Update. */
                class Update implements IUpdate {

                    /**
                     * Constructs a new Update.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IUpdate);

                    /** Update add. */
                    public add?: (io.linkerd.proxy.destination.IWeightedAddrSet|null);

                    /** Update remove. */
                    public remove?: (io.linkerd.proxy.destination.IAddrSet|null);

                    /** Update no_endpoints. */
                    public no_endpoints?: (io.linkerd.proxy.destination.INoEndpoints|null);

                    /** Update update. */
                    public update?: ("add"|"remove"|"no_endpoints");

                    /**
                     * Creates a new Update instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Update instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IUpdate): io.linkerd.proxy.destination.Update;

                    /**
                     * Encodes the specified Update message. Does not implicitly {@link io.linkerd.proxy.destination.Update.verify|verify} messages.
                     * @param message Update message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IUpdate, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an Update message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Update
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.Update;

                    /**
                     * Creates an Update message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Update
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.Update;

                    /**
                     * Creates a plain object from an Update message. Also converts values to other types if specified.
                     * @param message Update
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.Update, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Update to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of an AddrSet. */
                interface IAddrSet {

                    /** AddrSet addrs */
                    addrs?: (io.linkerd.proxy.net.ITcpAddress[]|null);
                }

                /** Represents an AddrSet. */
                class AddrSet implements IAddrSet {

                    /**
                     * Constructs a new AddrSet.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IAddrSet);

                    /** AddrSet addrs. */
                    public addrs: io.linkerd.proxy.net.ITcpAddress[];

                    /**
                     * Creates a new AddrSet instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns AddrSet instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IAddrSet): io.linkerd.proxy.destination.AddrSet;

                    /**
                     * Encodes the specified AddrSet message. Does not implicitly {@link io.linkerd.proxy.destination.AddrSet.verify|verify} messages.
                     * @param message AddrSet message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IAddrSet, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an AddrSet message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns AddrSet
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.AddrSet;

                    /**
                     * Creates an AddrSet message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns AddrSet
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.AddrSet;

                    /**
                     * Creates a plain object from an AddrSet message. Also converts values to other types if specified.
                     * @param message AddrSet
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.AddrSet, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this AddrSet to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a WeightedAddrSet. */
                interface IWeightedAddrSet {

                    /** WeightedAddrSet addrs */
                    addrs?: (io.linkerd.proxy.destination.IWeightedAddr[]|null);

                    /** WeightedAddrSet metric_labels */
                    metric_labels?: ({ [k: string]: string }|null);
                }

                /** Represents a WeightedAddrSet. */
                class WeightedAddrSet implements IWeightedAddrSet {

                    /**
                     * Constructs a new WeightedAddrSet.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IWeightedAddrSet);

                    /** WeightedAddrSet addrs. */
                    public addrs: io.linkerd.proxy.destination.IWeightedAddr[];

                    /** WeightedAddrSet metric_labels. */
                    public metric_labels: { [k: string]: string };

                    /**
                     * Creates a new WeightedAddrSet instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns WeightedAddrSet instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IWeightedAddrSet): io.linkerd.proxy.destination.WeightedAddrSet;

                    /**
                     * Encodes the specified WeightedAddrSet message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedAddrSet.verify|verify} messages.
                     * @param message WeightedAddrSet message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IWeightedAddrSet, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a WeightedAddrSet message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns WeightedAddrSet
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.WeightedAddrSet;

                    /**
                     * Creates a WeightedAddrSet message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns WeightedAddrSet
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.WeightedAddrSet;

                    /**
                     * Creates a plain object from a WeightedAddrSet message. Also converts values to other types if specified.
                     * @param message WeightedAddrSet
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.WeightedAddrSet, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this WeightedAddrSet to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a WeightedAddr. */
                interface IWeightedAddr {

                    /** WeightedAddr addr */
                    addr?: (io.linkerd.proxy.net.ITcpAddress|null);

                    /** WeightedAddr weight */
                    weight?: (number|null);

                    /** WeightedAddr metric_labels */
                    metric_labels?: ({ [k: string]: string }|null);

                    /** WeightedAddr tls_identity */
                    tls_identity?: (io.linkerd.proxy.destination.ITlsIdentity|null);

                    /** WeightedAddr protocol_hint */
                    protocol_hint?: (io.linkerd.proxy.destination.IProtocolHint|null);

                    /** WeightedAddr authority_override */
                    authority_override?: (io.linkerd.proxy.destination.IAuthorityOverride|null);

                    /** WeightedAddr resource_ref */
                    resource_ref?: (io.linkerd.proxy.meta.IMetadata|null);
                }

                /** Represents a WeightedAddr. */
                class WeightedAddr implements IWeightedAddr {

                    /**
                     * Constructs a new WeightedAddr.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IWeightedAddr);

                    /** WeightedAddr addr. */
                    public addr?: (io.linkerd.proxy.net.ITcpAddress|null);

                    /** WeightedAddr weight. */
                    public weight: number;

                    /** WeightedAddr metric_labels. */
                    public metric_labels: { [k: string]: string };

                    /** WeightedAddr tls_identity. */
                    public tls_identity?: (io.linkerd.proxy.destination.ITlsIdentity|null);

                    /** WeightedAddr protocol_hint. */
                    public protocol_hint?: (io.linkerd.proxy.destination.IProtocolHint|null);

                    /** WeightedAddr authority_override. */
                    public authority_override?: (io.linkerd.proxy.destination.IAuthorityOverride|null);

                    /** WeightedAddr resource_ref. */
                    public resource_ref?: (io.linkerd.proxy.meta.IMetadata|null);

                    /**
                     * Creates a new WeightedAddr instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns WeightedAddr instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IWeightedAddr): io.linkerd.proxy.destination.WeightedAddr;

                    /**
                     * Encodes the specified WeightedAddr message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedAddr.verify|verify} messages.
                     * @param message WeightedAddr message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IWeightedAddr, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a WeightedAddr message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns WeightedAddr
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.WeightedAddr;

                    /**
                     * Creates a WeightedAddr message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns WeightedAddr
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.WeightedAddr;

                    /**
                     * Creates a plain object from a WeightedAddr message. Also converts values to other types if specified.
                     * @param message WeightedAddr
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.WeightedAddr, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this WeightedAddr to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a TlsIdentity. */
                interface ITlsIdentity {

                    /** TlsIdentity dns_like_identity */
                    dns_like_identity?: (io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null);

                    /** TlsIdentity uri_like_identity */
                    uri_like_identity?: (io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity|null);

                    /** TlsIdentity server_name */
                    server_name?: (io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null);
                }

                /** Represents a TlsIdentity. */
                class TlsIdentity implements ITlsIdentity {

                    /**
                     * Constructs a new TlsIdentity.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.ITlsIdentity);

                    /** TlsIdentity dns_like_identity. */
                    public dns_like_identity?: (io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null);

                    /** TlsIdentity uri_like_identity. */
                    public uri_like_identity?: (io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity|null);

                    /** TlsIdentity server_name. */
                    public server_name?: (io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null);

                    /** TlsIdentity strategy. */
                    public strategy?: ("dns_like_identity"|"uri_like_identity");

                    /**
                     * Creates a new TlsIdentity instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns TlsIdentity instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.ITlsIdentity): io.linkerd.proxy.destination.TlsIdentity;

                    /**
                     * Encodes the specified TlsIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.verify|verify} messages.
                     * @param message TlsIdentity message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.ITlsIdentity, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a TlsIdentity message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns TlsIdentity
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.TlsIdentity;

                    /**
                     * Creates a TlsIdentity message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns TlsIdentity
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.TlsIdentity;

                    /**
                     * Creates a plain object from a TlsIdentity message. Also converts values to other types if specified.
                     * @param message TlsIdentity
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.TlsIdentity, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this TlsIdentity to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                namespace TlsIdentity {

                    /** Properties of a DnsLikeIdentity. */
                    interface IDnsLikeIdentity {

                        /** DnsLikeIdentity name */
                        name?: (string|null);
                    }

                    /** Represents a DnsLikeIdentity. */
                    class DnsLikeIdentity implements IDnsLikeIdentity {

                        /**
                         * Constructs a new DnsLikeIdentity.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity);

                        /** DnsLikeIdentity name. */
                        public name: string;

                        /**
                         * Creates a new DnsLikeIdentity instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns DnsLikeIdentity instance
                         */
                        public static create(properties?: io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity): io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity;

                        /**
                         * Encodes the specified DnsLikeIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.verify|verify} messages.
                         * @param message DnsLikeIdentity message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a DnsLikeIdentity message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns DnsLikeIdentity
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity;

                        /**
                         * Creates a DnsLikeIdentity message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns DnsLikeIdentity
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity;

                        /**
                         * Creates a plain object from a DnsLikeIdentity message. Also converts values to other types if specified.
                         * @param message DnsLikeIdentity
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this DnsLikeIdentity to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of an UriLikeIdentity. */
                    interface IUriLikeIdentity {

                        /** UriLikeIdentity uri */
                        uri?: (string|null);
                    }

                    /** Represents an UriLikeIdentity. */
                    class UriLikeIdentity implements IUriLikeIdentity {

                        /**
                         * Constructs a new UriLikeIdentity.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity);

                        /** UriLikeIdentity uri. */
                        public uri: string;

                        /**
                         * Creates a new UriLikeIdentity instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns UriLikeIdentity instance
                         */
                        public static create(properties?: io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity): io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity;

                        /**
                         * Encodes the specified UriLikeIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.verify|verify} messages.
                         * @param message UriLikeIdentity message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes an UriLikeIdentity message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns UriLikeIdentity
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity;

                        /**
                         * Creates an UriLikeIdentity message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns UriLikeIdentity
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity;

                        /**
                         * Creates a plain object from an UriLikeIdentity message. Also converts values to other types if specified.
                         * @param message UriLikeIdentity
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this UriLikeIdentity to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }
                }

                /** Properties of an AuthorityOverride. */
                interface IAuthorityOverride {

                    /** AuthorityOverride authority_override */
                    authority_override?: (string|null);
                }

                /** Represents an AuthorityOverride. */
                class AuthorityOverride implements IAuthorityOverride {

                    /**
                     * Constructs a new AuthorityOverride.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IAuthorityOverride);

                    /** AuthorityOverride authority_override. */
                    public authority_override: string;

                    /**
                     * Creates a new AuthorityOverride instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns AuthorityOverride instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IAuthorityOverride): io.linkerd.proxy.destination.AuthorityOverride;

                    /**
                     * Encodes the specified AuthorityOverride message. Does not implicitly {@link io.linkerd.proxy.destination.AuthorityOverride.verify|verify} messages.
                     * @param message AuthorityOverride message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IAuthorityOverride, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an AuthorityOverride message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns AuthorityOverride
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.AuthorityOverride;

                    /**
                     * Creates an AuthorityOverride message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns AuthorityOverride
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.AuthorityOverride;

                    /**
                     * Creates a plain object from an AuthorityOverride message. Also converts values to other types if specified.
                     * @param message AuthorityOverride
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.AuthorityOverride, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this AuthorityOverride to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a NoEndpoints. */
                interface INoEndpoints {

                    /** NoEndpoints exists */
                    exists?: (boolean|null);
                }

                /** Represents a NoEndpoints. */
                class NoEndpoints implements INoEndpoints {

                    /**
                     * Constructs a new NoEndpoints.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.INoEndpoints);

                    /** NoEndpoints exists. */
                    public exists: boolean;

                    /**
                     * Creates a new NoEndpoints instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns NoEndpoints instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.INoEndpoints): io.linkerd.proxy.destination.NoEndpoints;

                    /**
                     * Encodes the specified NoEndpoints message. Does not implicitly {@link io.linkerd.proxy.destination.NoEndpoints.verify|verify} messages.
                     * @param message NoEndpoints message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.INoEndpoints, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a NoEndpoints message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns NoEndpoints
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.NoEndpoints;

                    /**
                     * Creates a NoEndpoints message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns NoEndpoints
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.NoEndpoints;

                    /**
                     * Creates a plain object from a NoEndpoints message. Also converts values to other types if specified.
                     * @param message NoEndpoints
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.NoEndpoints, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this NoEndpoints to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a ProtocolHint. */
                interface IProtocolHint {

                    /** ProtocolHint h2 */
                    h2?: (io.linkerd.proxy.destination.ProtocolHint.IH2|null);

                    /** ProtocolHint opaque */
                    opaque?: (io.linkerd.proxy.destination.ProtocolHint.IOpaque|null);

                    /** ProtocolHint opaque_transport */
                    opaque_transport?: (io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport|null);
                }

                /** Represents a ProtocolHint. */
                class ProtocolHint implements IProtocolHint {

                    /**
                     * Constructs a new ProtocolHint.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IProtocolHint);

                    /** ProtocolHint h2. */
                    public h2?: (io.linkerd.proxy.destination.ProtocolHint.IH2|null);

                    /** ProtocolHint opaque. */
                    public opaque?: (io.linkerd.proxy.destination.ProtocolHint.IOpaque|null);

                    /** ProtocolHint opaque_transport. */
                    public opaque_transport?: (io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport|null);

                    /** ProtocolHint protocol. */
                    public protocol?: ("h2"|"opaque");

                    /**
                     * Creates a new ProtocolHint instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns ProtocolHint instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IProtocolHint): io.linkerd.proxy.destination.ProtocolHint;

                    /**
                     * Encodes the specified ProtocolHint message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.verify|verify} messages.
                     * @param message ProtocolHint message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IProtocolHint, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a ProtocolHint message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns ProtocolHint
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.ProtocolHint;

                    /**
                     * Creates a ProtocolHint message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns ProtocolHint
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.ProtocolHint;

                    /**
                     * Creates a plain object from a ProtocolHint message. Also converts values to other types if specified.
                     * @param message ProtocolHint
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.ProtocolHint, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this ProtocolHint to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                namespace ProtocolHint {

                    /** Properties of a H2. */
                    interface IH2 {
                    }

                    /** Represents a H2. */
                    class H2 implements IH2 {

                        /**
                         * Constructs a new H2.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.destination.ProtocolHint.IH2);

                        /**
                         * Creates a new H2 instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns H2 instance
                         */
                        public static create(properties?: io.linkerd.proxy.destination.ProtocolHint.IH2): io.linkerd.proxy.destination.ProtocolHint.H2;

                        /**
                         * Encodes the specified H2 message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.H2.verify|verify} messages.
                         * @param message H2 message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.destination.ProtocolHint.IH2, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a H2 message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns H2
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.ProtocolHint.H2;

                        /**
                         * Creates a H2 message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns H2
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.ProtocolHint.H2;

                        /**
                         * Creates a plain object from a H2 message. Also converts values to other types if specified.
                         * @param message H2
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.destination.ProtocolHint.H2, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this H2 to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of an Opaque. */
                    interface IOpaque {
                    }

                    /** Represents an Opaque. */
                    class Opaque implements IOpaque {

                        /**
                         * Constructs a new Opaque.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.destination.ProtocolHint.IOpaque);

                        /**
                         * Creates a new Opaque instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Opaque instance
                         */
                        public static create(properties?: io.linkerd.proxy.destination.ProtocolHint.IOpaque): io.linkerd.proxy.destination.ProtocolHint.Opaque;

                        /**
                         * Encodes the specified Opaque message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.Opaque.verify|verify} messages.
                         * @param message Opaque message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.destination.ProtocolHint.IOpaque, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes an Opaque message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Opaque
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.ProtocolHint.Opaque;

                        /**
                         * Creates an Opaque message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Opaque
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.ProtocolHint.Opaque;

                        /**
                         * Creates a plain object from an Opaque message. Also converts values to other types if specified.
                         * @param message Opaque
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.destination.ProtocolHint.Opaque, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Opaque to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of an OpaqueTransport. */
                    interface IOpaqueTransport {

                        /** OpaqueTransport inbound_port */
                        inbound_port?: (number|null);
                    }

                    /** Represents an OpaqueTransport. */
                    class OpaqueTransport implements IOpaqueTransport {

                        /**
                         * Constructs a new OpaqueTransport.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport);

                        /** OpaqueTransport inbound_port. */
                        public inbound_port: number;

                        /**
                         * Creates a new OpaqueTransport instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns OpaqueTransport instance
                         */
                        public static create(properties?: io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport): io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport;

                        /**
                         * Encodes the specified OpaqueTransport message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.verify|verify} messages.
                         * @param message OpaqueTransport message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes an OpaqueTransport message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns OpaqueTransport
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport;

                        /**
                         * Creates an OpaqueTransport message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns OpaqueTransport
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport;

                        /**
                         * Creates a plain object from an OpaqueTransport message. Also converts values to other types if specified.
                         * @param message OpaqueTransport
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this OpaqueTransport to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }
                }

                /** Properties of a DestinationProfile. */
                interface IDestinationProfile {

                    /** DestinationProfile dst_overrides */
                    dst_overrides?: (io.linkerd.proxy.destination.IWeightedDst[]|null);

                    /** DestinationProfile opaque_protocol */
                    opaque_protocol?: (boolean|null);

                    /** DestinationProfile fully_qualified_name */
                    fully_qualified_name?: (string|null);

                    /** DestinationProfile endpoint */
                    endpoint?: (io.linkerd.proxy.destination.IWeightedAddr|null);

                    /** DestinationProfile parent_ref */
                    parent_ref?: (io.linkerd.proxy.meta.IMetadata|null);

                    /** DestinationProfile profile_ref */
                    profile_ref?: (io.linkerd.proxy.meta.IMetadata|null);
                }

                /** Represents a DestinationProfile. */
                class DestinationProfile implements IDestinationProfile {

                    /**
                     * Constructs a new DestinationProfile.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IDestinationProfile);

                    /** DestinationProfile dst_overrides. */
                    public dst_overrides: io.linkerd.proxy.destination.IWeightedDst[];

                    /** DestinationProfile opaque_protocol. */
                    public opaque_protocol: boolean;

                    /** DestinationProfile fully_qualified_name. */
                    public fully_qualified_name: string;

                    /** DestinationProfile endpoint. */
                    public endpoint?: (io.linkerd.proxy.destination.IWeightedAddr|null);

                    /** DestinationProfile parent_ref. */
                    public parent_ref?: (io.linkerd.proxy.meta.IMetadata|null);

                    /** DestinationProfile profile_ref. */
                    public profile_ref?: (io.linkerd.proxy.meta.IMetadata|null);

                    /**
                     * Creates a new DestinationProfile instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns DestinationProfile instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IDestinationProfile): io.linkerd.proxy.destination.DestinationProfile;

                    /**
                     * Encodes the specified DestinationProfile message. Does not implicitly {@link io.linkerd.proxy.destination.DestinationProfile.verify|verify} messages.
                     * @param message DestinationProfile message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IDestinationProfile, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a DestinationProfile message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns DestinationProfile
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.DestinationProfile;

                    /**
                     * Creates a DestinationProfile message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns DestinationProfile
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.DestinationProfile;

                    /**
                     * Creates a plain object from a DestinationProfile message. Also converts values to other types if specified.
                     * @param message DestinationProfile
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.DestinationProfile, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this DestinationProfile to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a WeightedDst. */
                interface IWeightedDst {

                    /** WeightedDst authority */
                    authority?: (string|null);

                    /** WeightedDst weight */
                    weight?: (number|null);

                    /** WeightedDst backend_ref */
                    backend_ref?: (io.linkerd.proxy.meta.IMetadata|null);
                }

                /** Represents a WeightedDst. */
                class WeightedDst implements IWeightedDst {

                    /**
                     * Constructs a new WeightedDst.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.destination.IWeightedDst);

                    /** WeightedDst authority. */
                    public authority: string;

                    /** WeightedDst weight. */
                    public weight: number;

                    /** WeightedDst backend_ref. */
                    public backend_ref?: (io.linkerd.proxy.meta.IMetadata|null);

                    /**
                     * Creates a new WeightedDst instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns WeightedDst instance
                     */
                    public static create(properties?: io.linkerd.proxy.destination.IWeightedDst): io.linkerd.proxy.destination.WeightedDst;

                    /**
                     * Encodes the specified WeightedDst message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedDst.verify|verify} messages.
                     * @param message WeightedDst message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.destination.IWeightedDst, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a WeightedDst message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns WeightedDst
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.destination.WeightedDst;

                    /**
                     * Creates a WeightedDst message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns WeightedDst
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.destination.WeightedDst;

                    /**
                     * Creates a plain object from a WeightedDst message. Also converts values to other types if specified.
                     * @param message WeightedDst
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.destination.WeightedDst, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this WeightedDst to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }

            /** Namespace net. */
            namespace net {

                /** Properties of a IPAddress. */
                interface IIPAddress {

                    /** IPAddress ipv4 */
                    ipv4?: (number|null);

                    /** IPAddress ipv6 */
                    ipv6?: (io.linkerd.proxy.net.IIPv6|null);
                }

                /** Represents a IPAddress. */
                class IPAddress implements IIPAddress {

                    /**
                     * Constructs a new IPAddress.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.net.IIPAddress);

                    /** IPAddress ipv4. */
                    public ipv4?: (number|null);

                    /** IPAddress ipv6. */
                    public ipv6?: (io.linkerd.proxy.net.IIPv6|null);

                    /** IPAddress ip. */
                    public ip?: ("ipv4"|"ipv6");

                    /**
                     * Creates a new IPAddress instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns IPAddress instance
                     */
                    public static create(properties?: io.linkerd.proxy.net.IIPAddress): io.linkerd.proxy.net.IPAddress;

                    /**
                     * Encodes the specified IPAddress message. Does not implicitly {@link io.linkerd.proxy.net.IPAddress.verify|verify} messages.
                     * @param message IPAddress message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.net.IIPAddress, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a IPAddress message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns IPAddress
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.net.IPAddress;

                    /**
                     * Creates a IPAddress message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns IPAddress
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.net.IPAddress;

                    /**
                     * Creates a plain object from a IPAddress message. Also converts values to other types if specified.
                     * @param message IPAddress
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.net.IPAddress, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this IPAddress to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a IPv6. */
                interface IIPv6 {

                    /** IPv6 first */
                    first?: (number|Long|null);

                    /** IPv6 last */
                    last?: (number|Long|null);
                }

                /** Represents a IPv6. */
                class IPv6 implements IIPv6 {

                    /**
                     * Constructs a new IPv6.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.net.IIPv6);

                    /** IPv6 first. */
                    public first: (number|Long);

                    /** IPv6 last. */
                    public last: (number|Long);

                    /**
                     * Creates a new IPv6 instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns IPv6 instance
                     */
                    public static create(properties?: io.linkerd.proxy.net.IIPv6): io.linkerd.proxy.net.IPv6;

                    /**
                     * Encodes the specified IPv6 message. Does not implicitly {@link io.linkerd.proxy.net.IPv6.verify|verify} messages.
                     * @param message IPv6 message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.net.IIPv6, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a IPv6 message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns IPv6
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.net.IPv6;

                    /**
                     * Creates a IPv6 message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns IPv6
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.net.IPv6;

                    /**
                     * Creates a plain object from a IPv6 message. Also converts values to other types if specified.
                     * @param message IPv6
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.net.IPv6, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this IPv6 to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a IPNetwork. */
                interface IIPNetwork {

                    /** IPNetwork ip */
                    ip?: (io.linkerd.proxy.net.IIPAddress|null);

                    /** IPNetwork prefix_len */
                    prefix_len?: (number|null);
                }

                /** Represents a IPNetwork. */
                class IPNetwork implements IIPNetwork {

                    /**
                     * Constructs a new IPNetwork.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.net.IIPNetwork);

                    /** IPNetwork ip. */
                    public ip?: (io.linkerd.proxy.net.IIPAddress|null);

                    /** IPNetwork prefix_len. */
                    public prefix_len: number;

                    /**
                     * Creates a new IPNetwork instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns IPNetwork instance
                     */
                    public static create(properties?: io.linkerd.proxy.net.IIPNetwork): io.linkerd.proxy.net.IPNetwork;

                    /**
                     * Encodes the specified IPNetwork message. Does not implicitly {@link io.linkerd.proxy.net.IPNetwork.verify|verify} messages.
                     * @param message IPNetwork message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.net.IIPNetwork, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a IPNetwork message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns IPNetwork
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.net.IPNetwork;

                    /**
                     * Creates a IPNetwork message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns IPNetwork
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.net.IPNetwork;

                    /**
                     * Creates a plain object from a IPNetwork message. Also converts values to other types if specified.
                     * @param message IPNetwork
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.net.IPNetwork, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this IPNetwork to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a TcpAddress. */
                interface ITcpAddress {

                    /** TcpAddress ip */
                    ip?: (io.linkerd.proxy.net.IIPAddress|null);

                    /** TcpAddress port */
                    port?: (number|null);
                }

                /** Represents a TcpAddress. */
                class TcpAddress implements ITcpAddress {

                    /**
                     * Constructs a new TcpAddress.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.net.ITcpAddress);

                    /** TcpAddress ip. */
                    public ip?: (io.linkerd.proxy.net.IIPAddress|null);

                    /** TcpAddress port. */
                    public port: number;

                    /**
                     * Creates a new TcpAddress instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns TcpAddress instance
                     */
                    public static create(properties?: io.linkerd.proxy.net.ITcpAddress): io.linkerd.proxy.net.TcpAddress;

                    /**
                     * Encodes the specified TcpAddress message. Does not implicitly {@link io.linkerd.proxy.net.TcpAddress.verify|verify} messages.
                     * @param message TcpAddress message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.net.ITcpAddress, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a TcpAddress message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns TcpAddress
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.net.TcpAddress;

                    /**
                     * Creates a TcpAddress message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns TcpAddress
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.net.TcpAddress;

                    /**
                     * Creates a plain object from a TcpAddress message. Also converts values to other types if specified.
                     * @param message TcpAddress
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.net.TcpAddress, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this TcpAddress to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }

            /** Namespace meta. */
            namespace meta {

                /** Properties of a Metadata. */
                interface IMetadata {

                    /** Metadata default */
                    "default"?: (string|null);

                    /** Metadata resource */
                    resource?: (io.linkerd.proxy.meta.IResource|null);
                }

                /** Represents a Metadata. */
                class Metadata implements IMetadata {

                    /**
                     * Constructs a new Metadata.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.meta.IMetadata);

                    /** Metadata default. */
                    public default?: (string|null);

                    /** Metadata resource. */
                    public resource?: (io.linkerd.proxy.meta.IResource|null);

                    /** Metadata kind. */
                    public kind?: ("default"|"resource");

                    /**
                     * Creates a new Metadata instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Metadata instance
                     */
                    public static create(properties?: io.linkerd.proxy.meta.IMetadata): io.linkerd.proxy.meta.Metadata;

                    /**
                     * Encodes the specified Metadata message. Does not implicitly {@link io.linkerd.proxy.meta.Metadata.verify|verify} messages.
                     * @param message Metadata message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.meta.IMetadata, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Metadata message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Metadata
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.meta.Metadata;

                    /**
                     * Creates a Metadata message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Metadata
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.meta.Metadata;

                    /**
                     * Creates a plain object from a Metadata message. Also converts values to other types if specified.
                     * @param message Metadata
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.meta.Metadata, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Metadata to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a Resource. */
                interface IResource {

                    /** Resource group */
                    group?: (string|null);

                    /** Resource kind */
                    kind?: (string|null);

                    /** Resource name */
                    name?: (string|null);

                    /** Resource namespace */
                    namespace?: (string|null);

                    /** Resource section */
                    section?: (string|null);

                    /** Resource port */
                    port?: (number|null);
                }

                /** Represents a Resource. */
                class Resource implements IResource {

                    /**
                     * Constructs a new Resource.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.meta.IResource);

                    /** Resource group. */
                    public group: string;

                    /** Resource kind. */
                    public kind: string;

                    /** Resource name. */
                    public name: string;

                    /** Resource namespace. */
                    public namespace: string;

                    /** Resource section. */
                    public section: string;

                    /** Resource port. */
                    public port: number;

                    /**
                     * Creates a new Resource instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Resource instance
                     */
                    public static create(properties?: io.linkerd.proxy.meta.IResource): io.linkerd.proxy.meta.Resource;

                    /**
                     * Encodes the specified Resource message. Does not implicitly {@link io.linkerd.proxy.meta.Resource.verify|verify} messages.
                     * @param message Resource message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.meta.IResource, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Resource message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Resource
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.meta.Resource;

                    /**
                     * Creates a Resource message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Resource
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.meta.Resource;

                    /**
                     * Creates a plain object from a Resource message. Also converts values to other types if specified.
                     * @param message Resource
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.meta.Resource, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Resource to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }

            /** Namespace inbound. */
            namespace inbound {

                /** Properties of a PortSpec. */
                interface IPortSpec {

                    /** PortSpec workload */
                    workload?: (string|null);

                    /** PortSpec port */
                    port?: (number|null);
                }

                /** Represents a PortSpec. */
                class PortSpec implements IPortSpec {

                    /**
                     * Constructs a new PortSpec.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IPortSpec);

                    /** PortSpec workload. */
                    public workload: string;

                    /** PortSpec port. */
                    public port: number;

                    /**
                     * Creates a new PortSpec instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns PortSpec instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IPortSpec): io.linkerd.proxy.inbound.PortSpec;

                    /**
                     * Encodes the specified PortSpec message. Does not implicitly {@link io.linkerd.proxy.inbound.PortSpec.verify|verify} messages.
                     * @param message PortSpec message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IPortSpec, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a PortSpec message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns PortSpec
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.PortSpec;

                    /**
                     * Creates a PortSpec message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns PortSpec
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.PortSpec;

                    /**
                     * Creates a plain object from a PortSpec message. Also converts values to other types if specified.
                     * @param message PortSpec
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.PortSpec, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this PortSpec to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a Server. */
                interface IServer {

                    /** Server protocol */
                    protocol?: (io.linkerd.proxy.inbound.IProxyProtocol|null);

                    /** Server server_ips */
                    server_ips?: (io.linkerd.proxy.net.IIPAddress[]|null);

                    /** Server authorizations */
                    authorizations?: (io.linkerd.proxy.inbound.IAuthz[]|null);

                    /** Server labels */
                    labels?: ({ [k: string]: string }|null);
                }

                /** Represents a Server. */
                class Server implements IServer {

                    /**
                     * Constructs a new Server.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IServer);

                    /** Server protocol. */
                    public protocol?: (io.linkerd.proxy.inbound.IProxyProtocol|null);

                    /** Server server_ips. */
                    public server_ips: io.linkerd.proxy.net.IIPAddress[];

                    /** Server authorizations. */
                    public authorizations: io.linkerd.proxy.inbound.IAuthz[];

                    /** Server labels. */
                    public labels: { [k: string]: string };

                    /**
                     * Creates a new Server instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Server instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IServer): io.linkerd.proxy.inbound.Server;

                    /**
                     * Encodes the specified Server message. Does not implicitly {@link io.linkerd.proxy.inbound.Server.verify|verify} messages.
                     * @param message Server message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IServer, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Server message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Server
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Server;

                    /**
                     * Creates a Server message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Server
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Server;

                    /**
                     * Creates a plain object from a Server message. Also converts values to other types if specified.
                     * @param message Server
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.Server, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Server to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a ProxyProtocol. */
                interface IProxyProtocol {

                    /** ProxyProtocol detect */
                    detect?: (io.linkerd.proxy.inbound.ProxyProtocol.IDetect|null);

                    /** ProxyProtocol opaque */
                    opaque?: (io.linkerd.proxy.inbound.ProxyProtocol.IOpaque|null);

                    /** ProxyProtocol tls */
                    tls?: (io.linkerd.proxy.inbound.ProxyProtocol.ITls|null);

                    /** ProxyProtocol http1 */
                    http1?: (io.linkerd.proxy.inbound.ProxyProtocol.IHttp1|null);

                    /** ProxyProtocol http2 */
                    http2?: (io.linkerd.proxy.inbound.ProxyProtocol.IHttp2|null);

                    /** ProxyProtocol grpc */
                    grpc?: (io.linkerd.proxy.inbound.ProxyProtocol.IGrpc|null);
                }

                /** Represents a ProxyProtocol. */
                class ProxyProtocol implements IProxyProtocol {

                    /**
                     * Constructs a new ProxyProtocol.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IProxyProtocol);

                    /** ProxyProtocol detect. */
                    public detect?: (io.linkerd.proxy.inbound.ProxyProtocol.IDetect|null);

                    /** ProxyProtocol opaque. */
                    public opaque?: (io.linkerd.proxy.inbound.ProxyProtocol.IOpaque|null);

                    /** ProxyProtocol tls. */
                    public tls?: (io.linkerd.proxy.inbound.ProxyProtocol.ITls|null);

                    /** ProxyProtocol http1. */
                    public http1?: (io.linkerd.proxy.inbound.ProxyProtocol.IHttp1|null);

                    /** ProxyProtocol http2. */
                    public http2?: (io.linkerd.proxy.inbound.ProxyProtocol.IHttp2|null);

                    /** ProxyProtocol grpc. */
                    public grpc?: (io.linkerd.proxy.inbound.ProxyProtocol.IGrpc|null);

                    /** ProxyProtocol kind. */
                    public kind?: ("detect"|"opaque"|"tls"|"http1"|"http2"|"grpc");

                    /**
                     * Creates a new ProxyProtocol instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns ProxyProtocol instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IProxyProtocol): io.linkerd.proxy.inbound.ProxyProtocol;

                    /**
                     * Encodes the specified ProxyProtocol message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.verify|verify} messages.
                     * @param message ProxyProtocol message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IProxyProtocol, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a ProxyProtocol message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns ProxyProtocol
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol;

                    /**
                     * Creates a ProxyProtocol message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns ProxyProtocol
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol;

                    /**
                     * Creates a plain object from a ProxyProtocol message. Also converts values to other types if specified.
                     * @param message ProxyProtocol
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this ProxyProtocol to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                namespace ProxyProtocol {

                    /** Properties of a Detect. */
                    interface IDetect {

                        /** Detect timeout */
                        timeout?: (google.protobuf.IDuration|null);
                    }

                    /** Represents a Detect. */
                    class Detect implements IDetect {

                        /**
                         * Constructs a new Detect.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IDetect);

                        /** Detect timeout. */
                        public timeout?: (google.protobuf.IDuration|null);

                        /**
                         * Creates a new Detect instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Detect instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IDetect): io.linkerd.proxy.inbound.ProxyProtocol.Detect;

                        /**
                         * Encodes the specified Detect message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Detect.verify|verify} messages.
                         * @param message Detect message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.IDetect, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a Detect message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Detect
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Detect;

                        /**
                         * Creates a Detect message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Detect
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Detect;

                        /**
                         * Creates a plain object from a Detect message. Also converts values to other types if specified.
                         * @param message Detect
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Detect, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Detect to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of an Opaque. */
                    interface IOpaque {
                    }

                    /** Represents an Opaque. */
                    class Opaque implements IOpaque {

                        /**
                         * Constructs a new Opaque.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IOpaque);

                        /**
                         * Creates a new Opaque instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Opaque instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IOpaque): io.linkerd.proxy.inbound.ProxyProtocol.Opaque;

                        /**
                         * Encodes the specified Opaque message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Opaque.verify|verify} messages.
                         * @param message Opaque message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.IOpaque, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes an Opaque message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Opaque
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Opaque;

                        /**
                         * Creates an Opaque message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Opaque
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Opaque;

                        /**
                         * Creates a plain object from an Opaque message. Also converts values to other types if specified.
                         * @param message Opaque
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Opaque, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Opaque to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of a Tls. */
                    interface ITls {
                    }

                    /** Represents a Tls. */
                    class Tls implements ITls {

                        /**
                         * Constructs a new Tls.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.ITls);

                        /**
                         * Creates a new Tls instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Tls instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.ITls): io.linkerd.proxy.inbound.ProxyProtocol.Tls;

                        /**
                         * Encodes the specified Tls message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Tls.verify|verify} messages.
                         * @param message Tls message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.ITls, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a Tls message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Tls
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Tls;

                        /**
                         * Creates a Tls message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Tls
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Tls;

                        /**
                         * Creates a plain object from a Tls message. Also converts values to other types if specified.
                         * @param message Tls
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Tls, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Tls to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of a Http1. */
                    interface IHttp1 {
                    }

                    /** Represents a Http1. */
                    class Http1 implements IHttp1 {

                        /**
                         * Constructs a new Http1.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IHttp1);

                        /**
                         * Creates a new Http1 instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Http1 instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IHttp1): io.linkerd.proxy.inbound.ProxyProtocol.Http1;

                        /**
                         * Encodes the specified Http1 message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Http1.verify|verify} messages.
                         * @param message Http1 message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.IHttp1, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a Http1 message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Http1
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Http1;

                        /**
                         * Creates a Http1 message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Http1
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Http1;

                        /**
                         * Creates a plain object from a Http1 message. Also converts values to other types if specified.
                         * @param message Http1
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Http1, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Http1 to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of a Http2. */
                    interface IHttp2 {
                    }

                    /** Represents a Http2. */
                    class Http2 implements IHttp2 {

                        /**
                         * Constructs a new Http2.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IHttp2);

                        /**
                         * Creates a new Http2 instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Http2 instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IHttp2): io.linkerd.proxy.inbound.ProxyProtocol.Http2;

                        /**
                         * Encodes the specified Http2 message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Http2.verify|verify} messages.
                         * @param message Http2 message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.IHttp2, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a Http2 message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Http2
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Http2;

                        /**
                         * Creates a Http2 message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Http2
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Http2;

                        /**
                         * Creates a plain object from a Http2 message. Also converts values to other types if specified.
                         * @param message Http2
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Http2, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Http2 to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of a Grpc. */
                    interface IGrpc {
                    }

                    /** Represents a Grpc. */
                    class Grpc implements IGrpc {

                        /**
                         * Constructs a new Grpc.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IGrpc);

                        /**
                         * Creates a new Grpc instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns Grpc instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.ProxyProtocol.IGrpc): io.linkerd.proxy.inbound.ProxyProtocol.Grpc;

                        /**
                         * Encodes the specified Grpc message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Grpc.verify|verify} messages.
                         * @param message Grpc message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.ProxyProtocol.IGrpc, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a Grpc message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns Grpc
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.ProxyProtocol.Grpc;

                        /**
                         * Creates a Grpc message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns Grpc
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.ProxyProtocol.Grpc;

                        /**
                         * Creates a plain object from a Grpc message. Also converts values to other types if specified.
                         * @param message Grpc
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.ProxyProtocol.Grpc, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this Grpc to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }
                }

                /** Properties of an Authz. */
                interface IAuthz {

                    /** Authz networks */
                    networks?: (io.linkerd.proxy.inbound.INetwork[]|null);

                    /** Authz authentication */
                    authentication?: (io.linkerd.proxy.inbound.IAuthn|null);

                    /** Authz labels */
                    labels?: ({ [k: string]: string }|null);

                    /** Authz metadata */
                    metadata?: (io.linkerd.proxy.meta.IMetadata|null);
                }

                /** Represents an Authz. */
                class Authz implements IAuthz {

                    /**
                     * Constructs a new Authz.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IAuthz);

                    /** Authz networks. */
                    public networks: io.linkerd.proxy.inbound.INetwork[];

                    /** Authz authentication. */
                    public authentication?: (io.linkerd.proxy.inbound.IAuthn|null);

                    /** Authz labels. */
                    public labels: { [k: string]: string };

                    /** Authz metadata. */
                    public metadata?: (io.linkerd.proxy.meta.IMetadata|null);

                    /**
                     * Creates a new Authz instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Authz instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IAuthz): io.linkerd.proxy.inbound.Authz;

                    /**
                     * Encodes the specified Authz message. Does not implicitly {@link io.linkerd.proxy.inbound.Authz.verify|verify} messages.
                     * @param message Authz message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IAuthz, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an Authz message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Authz
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authz;

                    /**
                     * Creates an Authz message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Authz
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authz;

                    /**
                     * Creates a plain object from an Authz message. Also converts values to other types if specified.
                     * @param message Authz
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.Authz, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Authz to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a Network. */
                interface INetwork {

                    /** Network net */
                    net?: (io.linkerd.proxy.net.IIPNetwork|null);

                    /** Network except */
                    except?: (io.linkerd.proxy.net.IIPNetwork[]|null);
                }

                /** Represents a Network. */
                class Network implements INetwork {

                    /**
                     * Constructs a new Network.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.INetwork);

                    /** Network net. */
                    public net?: (io.linkerd.proxy.net.IIPNetwork|null);

                    /** Network except. */
                    public except: io.linkerd.proxy.net.IIPNetwork[];

                    /**
                     * Creates a new Network instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Network instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.INetwork): io.linkerd.proxy.inbound.Network;

                    /**
                     * Encodes the specified Network message. Does not implicitly {@link io.linkerd.proxy.inbound.Network.verify|verify} messages.
                     * @param message Network message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.INetwork, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Network message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Network
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Network;

                    /**
                     * Creates a Network message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Network
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Network;

                    /**
                     * Creates a plain object from a Network message. Also converts values to other types if specified.
                     * @param message Network
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.Network, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Network to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of an Authn. */
                interface IAuthn {

                    /** Authn unauthenticated */
                    unauthenticated?: (io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated|null);

                    /** Authn meshTLS */
                    meshTLS?: (io.linkerd.proxy.inbound.Authn.IPermitMeshTLS|null);
                }

                /** Represents an Authn. */
                class Authn implements IAuthn {

                    /**
                     * Constructs a new Authn.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IAuthn);

                    /** Authn unauthenticated. */
                    public unauthenticated?: (io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated|null);

                    /** Authn meshTLS. */
                    public meshTLS?: (io.linkerd.proxy.inbound.Authn.IPermitMeshTLS|null);

                    /** Authn permit. */
                    public permit?: ("unauthenticated"|"meshTLS");

                    /**
                     * Creates a new Authn instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Authn instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IAuthn): io.linkerd.proxy.inbound.Authn;

                    /**
                     * Encodes the specified Authn message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.verify|verify} messages.
                     * @param message Authn message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IAuthn, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an Authn message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Authn
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authn;

                    /**
                     * Creates an Authn message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Authn
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authn;

                    /**
                     * Creates a plain object from an Authn message. Also converts values to other types if specified.
                     * @param message Authn
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.Authn, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Authn to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                namespace Authn {

                    /** Properties of a PermitUnauthenticated. */
                    interface IPermitUnauthenticated {
                    }

                    /** Represents a PermitUnauthenticated. */
                    class PermitUnauthenticated implements IPermitUnauthenticated {

                        /**
                         * Constructs a new PermitUnauthenticated.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated);

                        /**
                         * Creates a new PermitUnauthenticated instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns PermitUnauthenticated instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated): io.linkerd.proxy.inbound.Authn.PermitUnauthenticated;

                        /**
                         * Encodes the specified PermitUnauthenticated message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.verify|verify} messages.
                         * @param message PermitUnauthenticated message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a PermitUnauthenticated message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns PermitUnauthenticated
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authn.PermitUnauthenticated;

                        /**
                         * Creates a PermitUnauthenticated message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns PermitUnauthenticated
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authn.PermitUnauthenticated;

                        /**
                         * Creates a plain object from a PermitUnauthenticated message. Also converts values to other types if specified.
                         * @param message PermitUnauthenticated
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.Authn.PermitUnauthenticated, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this PermitUnauthenticated to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    /** Properties of a PermitMeshTLS. */
                    interface IPermitMeshTLS {

                        /** PermitMeshTLS unauthenticated */
                        unauthenticated?: (io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated|null);

                        /** PermitMeshTLS identities */
                        identities?: (io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities|null);
                    }

                    /** Represents a PermitMeshTLS. */
                    class PermitMeshTLS implements IPermitMeshTLS {

                        /**
                         * Constructs a new PermitMeshTLS.
                         * @param [properties] Properties to set
                         */
                        constructor(properties?: io.linkerd.proxy.inbound.Authn.IPermitMeshTLS);

                        /** PermitMeshTLS unauthenticated. */
                        public unauthenticated?: (io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated|null);

                        /** PermitMeshTLS identities. */
                        public identities?: (io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities|null);

                        /** PermitMeshTLS clients. */
                        public clients?: ("unauthenticated"|"identities");

                        /**
                         * Creates a new PermitMeshTLS instance using the specified properties.
                         * @param [properties] Properties to set
                         * @returns PermitMeshTLS instance
                         */
                        public static create(properties?: io.linkerd.proxy.inbound.Authn.IPermitMeshTLS): io.linkerd.proxy.inbound.Authn.PermitMeshTLS;

                        /**
                         * Encodes the specified PermitMeshTLS message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.verify|verify} messages.
                         * @param message PermitMeshTLS message or plain object to encode
                         * @param [writer] Writer to encode to
                         * @returns Writer
                         */
                        public static encode(message: io.linkerd.proxy.inbound.Authn.IPermitMeshTLS, writer?: $protobuf.Writer): $protobuf.Writer;

                        /**
                         * Decodes a PermitMeshTLS message from the specified reader or buffer.
                         * @param reader Reader or buffer to decode from
                         * @param [length] Message length if known beforehand
                         * @returns PermitMeshTLS
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authn.PermitMeshTLS;

                        /**
                         * Creates a PermitMeshTLS message from a plain object. Also converts values to their respective internal types.
                         * @param object Plain object
                         * @returns PermitMeshTLS
                         */
                        public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authn.PermitMeshTLS;

                        /**
                         * Creates a plain object from a PermitMeshTLS message. Also converts values to other types if specified.
                         * @param message PermitMeshTLS
                         * @param [options] Conversion options
                         * @returns Plain object
                         */
                        public static toObject(message: io.linkerd.proxy.inbound.Authn.PermitMeshTLS, options?: $protobuf.IConversionOptions): { [k: string]: any };

                        /**
                         * Converts this PermitMeshTLS to JSON.
                         * @returns JSON object
                         */
                        public toJSON(): { [k: string]: any };
                    }

                    namespace PermitMeshTLS {

                        /** Properties of a PermitUnauthenticated. */
                        interface IPermitUnauthenticated {
                        }

                        /** Represents a PermitUnauthenticated. */
                        class PermitUnauthenticated implements IPermitUnauthenticated {

                            /**
                             * Constructs a new PermitUnauthenticated.
                             * @param [properties] Properties to set
                             */
                            constructor(properties?: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated);

                            /**
                             * Creates a new PermitUnauthenticated instance using the specified properties.
                             * @param [properties] Properties to set
                             * @returns PermitUnauthenticated instance
                             */
                            public static create(properties?: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated;

                            /**
                             * Encodes the specified PermitUnauthenticated message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.verify|verify} messages.
                             * @param message PermitUnauthenticated message or plain object to encode
                             * @param [writer] Writer to encode to
                             * @returns Writer
                             */
                            public static encode(message: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated, writer?: $protobuf.Writer): $protobuf.Writer;

                            /**
                             * Decodes a PermitUnauthenticated message from the specified reader or buffer.
                             * @param reader Reader or buffer to decode from
                             * @param [length] Message length if known beforehand
                             * @returns PermitUnauthenticated
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated;

                            /**
                             * Creates a PermitUnauthenticated message from a plain object. Also converts values to their respective internal types.
                             * @param object Plain object
                             * @returns PermitUnauthenticated
                             */
                            public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated;

                            /**
                             * Creates a plain object from a PermitUnauthenticated message. Also converts values to other types if specified.
                             * @param message PermitUnauthenticated
                             * @param [options] Conversion options
                             * @returns Plain object
                             */
                            public static toObject(message: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated, options?: $protobuf.IConversionOptions): { [k: string]: any };

                            /**
                             * Converts this PermitUnauthenticated to JSON.
                             * @returns JSON object
                             */
                            public toJSON(): { [k: string]: any };
                        }

                        /** Properties of a PermitClientIdentities. */
                        interface IPermitClientIdentities {

                            /** PermitClientIdentities identities */
                            identities?: (io.linkerd.proxy.inbound.IIdentity[]|null);

                            /** PermitClientIdentities suffixes */
                            suffixes?: (io.linkerd.proxy.inbound.IIdentitySuffix[]|null);
                        }

                        /** Represents a PermitClientIdentities. */
                        class PermitClientIdentities implements IPermitClientIdentities {

                            /**
                             * Constructs a new PermitClientIdentities.
                             * @param [properties] Properties to set
                             */
                            constructor(properties?: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities);

                            /** PermitClientIdentities identities. */
                            public identities: io.linkerd.proxy.inbound.IIdentity[];

                            /** PermitClientIdentities suffixes. */
                            public suffixes: io.linkerd.proxy.inbound.IIdentitySuffix[];

                            /**
                             * Creates a new PermitClientIdentities instance using the specified properties.
                             * @param [properties] Properties to set
                             * @returns PermitClientIdentities instance
                             */
                            public static create(properties?: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities;

                            /**
                             * Encodes the specified PermitClientIdentities message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.verify|verify} messages.
                             * @param message PermitClientIdentities message or plain object to encode
                             * @param [writer] Writer to encode to
                             * @returns Writer
                             */
                            public static encode(message: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities, writer?: $protobuf.Writer): $protobuf.Writer;

                            /**
                             * Decodes a PermitClientIdentities message from the specified reader or buffer.
                             * @param reader Reader or buffer to decode from
                             * @param [length] Message length if known beforehand
                             * @returns PermitClientIdentities
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities;

                            /**
                             * Creates a PermitClientIdentities message from a plain object. Also converts values to their respective internal types.
                             * @param object Plain object
                             * @returns PermitClientIdentities
                             */
                            public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities;

                            /**
                             * Creates a plain object from a PermitClientIdentities message. Also converts values to other types if specified.
                             * @param message PermitClientIdentities
                             * @param [options] Conversion options
                             * @returns Plain object
                             */
                            public static toObject(message: io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities, options?: $protobuf.IConversionOptions): { [k: string]: any };

                            /**
                             * Converts this PermitClientIdentities to JSON.
                             * @returns JSON object
                             */
                            public toJSON(): { [k: string]: any };
                        }
                    }
                }

                /** Properties of an Identity. */
                interface IIdentity {

                    /** Identity name */
                    name?: (string|null);
                }

                /** Represents an Identity. */
                class Identity implements IIdentity {

                    /**
                     * Constructs a new Identity.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IIdentity);

                    /** Identity name. */
                    public name: string;

                    /**
                     * Creates a new Identity instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Identity instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IIdentity): io.linkerd.proxy.inbound.Identity;

                    /**
                     * Encodes the specified Identity message. Does not implicitly {@link io.linkerd.proxy.inbound.Identity.verify|verify} messages.
                     * @param message Identity message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IIdentity, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an Identity message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Identity
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.Identity;

                    /**
                     * Creates an Identity message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Identity
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.Identity;

                    /**
                     * Creates a plain object from an Identity message. Also converts values to other types if specified.
                     * @param message Identity
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.Identity, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Identity to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of an IdentitySuffix. */
                interface IIdentitySuffix {

                    /** IdentitySuffix parts */
                    parts?: (string[]|null);
                }

                /** Represents an IdentitySuffix. */
                class IdentitySuffix implements IIdentitySuffix {

                    /**
                     * Constructs a new IdentitySuffix.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.inbound.IIdentitySuffix);

                    /** IdentitySuffix parts. */
                    public parts: string[];

                    /**
                     * Creates a new IdentitySuffix instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns IdentitySuffix instance
                     */
                    public static create(properties?: io.linkerd.proxy.inbound.IIdentitySuffix): io.linkerd.proxy.inbound.IdentitySuffix;

                    /**
                     * Encodes the specified IdentitySuffix message. Does not implicitly {@link io.linkerd.proxy.inbound.IdentitySuffix.verify|verify} messages.
                     * @param message IdentitySuffix message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.inbound.IIdentitySuffix, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes an IdentitySuffix message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns IdentitySuffix
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.inbound.IdentitySuffix;

                    /**
                     * Creates an IdentitySuffix message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns IdentitySuffix
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.inbound.IdentitySuffix;

                    /**
                     * Creates a plain object from an IdentitySuffix message. Also converts values to other types if specified.
                     * @param message IdentitySuffix
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.inbound.IdentitySuffix, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this IdentitySuffix to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }

            /** Namespace identity. */
            namespace identity {

                /** Properties of a CertifyRequest. */
                interface ICertifyRequest {

                    /** CertifyRequest identity */
                    identity?: (string|null);

                    /** CertifyRequest token */
                    token?: (Uint8Array|null);

                    /** CertifyRequest certificate_signing_request */
                    certificate_signing_request?: (Uint8Array|null);
                }

                /** Represents a CertifyRequest. */
                class CertifyRequest implements ICertifyRequest {

                    /**
                     * Constructs a new CertifyRequest.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.identity.ICertifyRequest);

                    /** CertifyRequest identity. */
                    public identity: string;

                    /** CertifyRequest token. */
                    public token: Uint8Array;

                    /** CertifyRequest certificate_signing_request. */
                    public certificate_signing_request: Uint8Array;

                    /**
                     * Creates a new CertifyRequest instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns CertifyRequest instance
                     */
                    public static create(properties?: io.linkerd.proxy.identity.ICertifyRequest): io.linkerd.proxy.identity.CertifyRequest;

                    /**
                     * Encodes the specified CertifyRequest message. Does not implicitly {@link io.linkerd.proxy.identity.CertifyRequest.verify|verify} messages.
                     * @param message CertifyRequest message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.identity.ICertifyRequest, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a CertifyRequest message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns CertifyRequest
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.identity.CertifyRequest;

                    /**
                     * Creates a CertifyRequest message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns CertifyRequest
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.identity.CertifyRequest;

                    /**
                     * Creates a plain object from a CertifyRequest message. Also converts values to other types if specified.
                     * @param message CertifyRequest
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.identity.CertifyRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this CertifyRequest to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a CertifyResponse. */
                interface ICertifyResponse {

                    /** CertifyResponse leaf_certificate */
                    leaf_certificate?: (Uint8Array|null);

                    /** CertifyResponse intermediate_certificates */
                    intermediate_certificates?: (Uint8Array[]|null);

                    /** CertifyResponse valid_until */
                    valid_until?: (google.protobuf.ITimestamp|null);
                }

                /** Represents a CertifyResponse. */
                class CertifyResponse implements ICertifyResponse {

                    /**
                     * Constructs a new CertifyResponse.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: io.linkerd.proxy.identity.ICertifyResponse);

                    /** CertifyResponse leaf_certificate. */
                    public leaf_certificate: Uint8Array;

                    /** CertifyResponse intermediate_certificates. */
                    public intermediate_certificates: Uint8Array[];

                    /** CertifyResponse valid_until. */
                    public valid_until?: (google.protobuf.ITimestamp|null);

                    /**
                     * Creates a new CertifyResponse instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns CertifyResponse instance
                     */
                    public static create(properties?: io.linkerd.proxy.identity.ICertifyResponse): io.linkerd.proxy.identity.CertifyResponse;

                    /**
                     * Encodes the specified CertifyResponse message. Does not implicitly {@link io.linkerd.proxy.identity.CertifyResponse.verify|verify} messages.
                     * @param message CertifyResponse message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: io.linkerd.proxy.identity.ICertifyResponse, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a CertifyResponse message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns CertifyResponse
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): io.linkerd.proxy.identity.CertifyResponse;

                    /**
                     * Creates a CertifyResponse message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns CertifyResponse
                     */
                    public static fromObject(object: { [k: string]: any }): io.linkerd.proxy.identity.CertifyResponse;

                    /**
                     * Creates a plain object from a CertifyResponse message. Also converts values to other types if specified.
                     * @param message CertifyResponse
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: io.linkerd.proxy.identity.CertifyResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this CertifyResponse to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }
        }
    }
}

/** Namespace google. */
export namespace google {

    /** Namespace protobuf. */
    namespace protobuf {

        /** Properties of a Duration. */
        interface IDuration {

            /** Duration seconds */
            seconds?: (number|Long|null);

            /** Duration nanos */
            nanos?: (number|null);
        }

        /** Represents a Duration. */
        class Duration implements IDuration {

            /**
             * Constructs a new Duration.
             * @param [properties] Properties to set
             */
            constructor(properties?: google.protobuf.IDuration);

            /** Duration seconds. */
            public seconds: (number|Long);

            /** Duration nanos. */
            public nanos: number;

            /**
             * Creates a new Duration instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Duration instance
             */
            public static create(properties?: google.protobuf.IDuration): google.protobuf.Duration;

            /**
             * Encodes the specified Duration message. Does not implicitly {@link google.protobuf.Duration.verify|verify} messages.
             * @param message Duration message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: google.protobuf.IDuration, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Duration message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Duration
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): google.protobuf.Duration;

            /**
             * Creates a Duration message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Duration
             */
            public static fromObject(object: { [k: string]: any }): google.protobuf.Duration;

            /**
             * Creates a plain object from a Duration message. Also converts values to other types if specified.
             * @param message Duration
             * @param [options] Conversion options
             * @returns Plain object
             */
            public static toObject(message: google.protobuf.Duration, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Duration to JSON.
             * @returns JSON object
             */
            public toJSON(): { [k: string]: any };
        }

        /** Properties of a Timestamp. */
        interface ITimestamp {

            /** Timestamp seconds */
            seconds?: (number|Long|null);

            /** Timestamp nanos */
            nanos?: (number|null);
        }

        /** Represents a Timestamp. */
        class Timestamp implements ITimestamp {

            /**
             * Constructs a new Timestamp.
             * @param [properties] Properties to set
             */
            constructor(properties?: google.protobuf.ITimestamp);

            /** Timestamp seconds. */
            public seconds: (number|Long);

            /** Timestamp nanos. */
            public nanos: number;

            /**
             * Creates a new Timestamp instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Timestamp instance
             */
            public static create(properties?: google.protobuf.ITimestamp): google.protobuf.Timestamp;

            /**
             * Encodes the specified Timestamp message. Does not implicitly {@link google.protobuf.Timestamp.verify|verify} messages.
             * @param message Timestamp message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: google.protobuf.ITimestamp, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Timestamp message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Timestamp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): google.protobuf.Timestamp;

            /**
             * Creates a Timestamp message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Timestamp
             */
            public static fromObject(object: { [k: string]: any }): google.protobuf.Timestamp;

            /**
             * Creates a plain object from a Timestamp message. Also converts values to other types if specified.
             * @param message Timestamp
             * @param [options] Conversion options
             * @returns Plain object
             */
            public static toObject(message: google.protobuf.Timestamp, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Timestamp to JSON.
             * @returns JSON object
             */
            public toJSON(): { [k: string]: any };
        }
    }
}

/** Namespace transport. */
export namespace transport {

    /** Namespace l5d. */
    namespace l5d {

        /** Namespace io. */
        namespace io {

            /** Properties of a Header. */
            interface IHeader {

                /** Header port */
                port?: (number|null);

                /** Header name */
                name?: (string|null);

                /** Header session_protocol */
                session_protocol?: (transport.l5d.io.ISessionProtocol|null);
            }

            /** Represents a Header. */
            class Header implements IHeader {

                /**
                 * Constructs a new Header.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: transport.l5d.io.IHeader);

                /** Header port. */
                public port: number;

                /** Header name. */
                public name: string;

                /** Header session_protocol. */
                public session_protocol?: (transport.l5d.io.ISessionProtocol|null);

                /**
                 * Creates a new Header instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns Header instance
                 */
                public static create(properties?: transport.l5d.io.IHeader): transport.l5d.io.Header;

                /**
                 * Encodes the specified Header message. Does not implicitly {@link transport.l5d.io.Header.verify|verify} messages.
                 * @param message Header message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                public static encode(message: transport.l5d.io.IHeader, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a Header message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns Header
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): transport.l5d.io.Header;

                /**
                 * Creates a Header message from a plain object. Also converts values to their respective internal types.
                 * @param object Plain object
                 * @returns Header
                 */
                public static fromObject(object: { [k: string]: any }): transport.l5d.io.Header;

                /**
                 * Creates a plain object from a Header message. Also converts values to other types if specified.
                 * @param message Header
                 * @param [options] Conversion options
                 * @returns Plain object
                 */
                public static toObject(message: transport.l5d.io.Header, options?: $protobuf.IConversionOptions): { [k: string]: any };

                /**
                 * Converts this Header to JSON.
                 * @returns JSON object
                 */
                public toJSON(): { [k: string]: any };
            }

            /** Properties of a SessionProtocol. */
            interface ISessionProtocol {

                /** SessionProtocol http1 */
                http1?: (transport.l5d.io.SessionProtocol.IHttp1|null);

                /** SessionProtocol http2 */
                http2?: (transport.l5d.io.SessionProtocol.IHttp2|null);
            }

            /** Represents a SessionProtocol. */
            class SessionProtocol implements ISessionProtocol {

                /**
                 * Constructs a new SessionProtocol.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: transport.l5d.io.ISessionProtocol);

                /** SessionProtocol http1. */
                public http1?: (transport.l5d.io.SessionProtocol.IHttp1|null);

                /** SessionProtocol http2. */
                public http2?: (transport.l5d.io.SessionProtocol.IHttp2|null);

                /** SessionProtocol kind. */
                public kind?: ("http1"|"http2");

                /**
                 * Creates a new SessionProtocol instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns SessionProtocol instance
                 */
                public static create(properties?: transport.l5d.io.ISessionProtocol): transport.l5d.io.SessionProtocol;

                /**
                 * Encodes the specified SessionProtocol message. Does not implicitly {@link transport.l5d.io.SessionProtocol.verify|verify} messages.
                 * @param message SessionProtocol message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                public static encode(message: transport.l5d.io.ISessionProtocol, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a SessionProtocol message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns SessionProtocol
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): transport.l5d.io.SessionProtocol;

                /**
                 * Creates a SessionProtocol message from a plain object. Also converts values to their respective internal types.
                 * @param object Plain object
                 * @returns SessionProtocol
                 */
                public static fromObject(object: { [k: string]: any }): transport.l5d.io.SessionProtocol;

                /**
                 * Creates a plain object from a SessionProtocol message. Also converts values to other types if specified.
                 * @param message SessionProtocol
                 * @param [options] Conversion options
                 * @returns Plain object
                 */
                public static toObject(message: transport.l5d.io.SessionProtocol, options?: $protobuf.IConversionOptions): { [k: string]: any };

                /**
                 * Converts this SessionProtocol to JSON.
                 * @returns JSON object
                 */
                public toJSON(): { [k: string]: any };
            }

            namespace SessionProtocol {

                /** Properties of a Http1. */
                interface IHttp1 {
                }

                /** Represents a Http1. */
                class Http1 implements IHttp1 {

                    /**
                     * Constructs a new Http1.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: transport.l5d.io.SessionProtocol.IHttp1);

                    /**
                     * Creates a new Http1 instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Http1 instance
                     */
                    public static create(properties?: transport.l5d.io.SessionProtocol.IHttp1): transport.l5d.io.SessionProtocol.Http1;

                    /**
                     * Encodes the specified Http1 message. Does not implicitly {@link transport.l5d.io.SessionProtocol.Http1.verify|verify} messages.
                     * @param message Http1 message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: transport.l5d.io.SessionProtocol.IHttp1, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Http1 message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Http1
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): transport.l5d.io.SessionProtocol.Http1;

                    /**
                     * Creates a Http1 message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Http1
                     */
                    public static fromObject(object: { [k: string]: any }): transport.l5d.io.SessionProtocol.Http1;

                    /**
                     * Creates a plain object from a Http1 message. Also converts values to other types if specified.
                     * @param message Http1
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: transport.l5d.io.SessionProtocol.Http1, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Http1 to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }

                /** Properties of a Http2. */
                interface IHttp2 {
                }

                /** Represents a Http2. */
                class Http2 implements IHttp2 {

                    /**
                     * Constructs a new Http2.
                     * @param [properties] Properties to set
                     */
                    constructor(properties?: transport.l5d.io.SessionProtocol.IHttp2);

                    /**
                     * Creates a new Http2 instance using the specified properties.
                     * @param [properties] Properties to set
                     * @returns Http2 instance
                     */
                    public static create(properties?: transport.l5d.io.SessionProtocol.IHttp2): transport.l5d.io.SessionProtocol.Http2;

                    /**
                     * Encodes the specified Http2 message. Does not implicitly {@link transport.l5d.io.SessionProtocol.Http2.verify|verify} messages.
                     * @param message Http2 message or plain object to encode
                     * @param [writer] Writer to encode to
                     * @returns Writer
                     */
                    public static encode(message: transport.l5d.io.SessionProtocol.IHttp2, writer?: $protobuf.Writer): $protobuf.Writer;

                    /**
                     * Decodes a Http2 message from the specified reader or buffer.
                     * @param reader Reader or buffer to decode from
                     * @param [length] Message length if known beforehand
                     * @returns Http2
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): transport.l5d.io.SessionProtocol.Http2;

                    /**
                     * Creates a Http2 message from a plain object. Also converts values to their respective internal types.
                     * @param object Plain object
                     * @returns Http2
                     */
                    public static fromObject(object: { [k: string]: any }): transport.l5d.io.SessionProtocol.Http2;

                    /**
                     * Creates a plain object from a Http2 message. Also converts values to other types if specified.
                     * @param message Http2
                     * @param [options] Conversion options
                     * @returns Plain object
                     */
                    public static toObject(message: transport.l5d.io.SessionProtocol.Http2, options?: $protobuf.IConversionOptions): { [k: string]: any };

                    /**
                     * Converts this Http2 to JSON.
                     * @returns JSON object
                     */
                    public toJSON(): { [k: string]: any };
                }
            }
        }
    }
}
