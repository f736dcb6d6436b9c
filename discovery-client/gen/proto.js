// GENERATED FILE, do not edit: `npm run proto` (scripts/gen-proto.mjs, protobufjs-cli pbjs -t static-module
// --keep-case, then pbts) writes it from discovery-client/proto/{destination,inbound,identity,header}.proto.
// test/unit/proto-gen.test.ts fails when it is out of date.
/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
// pbjs module wrapper (scripts/gen-proto.mjs): a default import of protobufjs/minimal.js, which gets
// module.exports in Node's ESM loader, esbuild and vitest alike (pbjs' own es6 wrapper does not).
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const io = $root.io = (() => {

    /**
     * Namespace io.
     * @exports io
     * @namespace
     */
    const io = {};

    io.linkerd = (function() {

        /**
         * Namespace linkerd.
         * @memberof io
         * @namespace
         */
        const linkerd = {};

        linkerd.proxy = (function() {

            /**
             * Namespace proxy.
             * @memberof io.linkerd
             * @namespace
             */
            const proxy = {};

            proxy.destination = (function() {

                /**
                 * Namespace destination.
                 * @memberof io.linkerd.proxy
                 * @namespace
                 */
                const destination = {};

                destination.GetDestination = (function() {

                    /**
                     * Properties of a GetDestination.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IGetDestination
                     * @property {string|null} [scheme] GetDestination scheme
                     * @property {string|null} [path] GetDestination path
                     * @property {string|null} [context_token] GetDestination context_token
                     */

                    /**
                     * Constructs a new GetDestination.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a GetDestination.
                     * @implements IGetDestination
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IGetDestination=} [properties] Properties to set
                     */
                    function GetDestination(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * GetDestination scheme.
                     * @member {string} scheme
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @instance
                     */
                    GetDestination.prototype.scheme = "";

                    /**
                     * GetDestination path.
                     * @member {string} path
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @instance
                     */
                    GetDestination.prototype.path = "";

                    /**
                     * GetDestination context_token.
                     * @member {string} context_token
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @instance
                     */
                    GetDestination.prototype.context_token = "";

                    /**
                     * Creates a new GetDestination instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @static
                     * @param {io.linkerd.proxy.destination.IGetDestination=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.GetDestination} GetDestination instance
                     */
                    GetDestination.create = function create(properties) {
                        return new GetDestination(properties);
                    };

                    /**
                     * Encodes the specified GetDestination message. Does not implicitly {@link io.linkerd.proxy.destination.GetDestination.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @static
                     * @param {io.linkerd.proxy.destination.IGetDestination} message GetDestination message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    GetDestination.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.scheme != null && Object.hasOwnProperty.call(message, "scheme"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.scheme);
                        if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                            writer.uint32(/* id 2, wireType 2 =*/18).string(message.path);
                        if (message.context_token != null && Object.hasOwnProperty.call(message, "context_token"))
                            writer.uint32(/* id 3, wireType 2 =*/26).string(message.context_token);
                        return writer;
                    };

                    /**
                     * Decodes a GetDestination message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.GetDestination} GetDestination
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    GetDestination.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.GetDestination();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.scheme = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.path = reader.string();
                                    break;
                                }
                            case 3: {
                                    message.context_token = reader.string();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a GetDestination message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.GetDestination} GetDestination
                     */
                    GetDestination.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.GetDestination)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.GetDestination: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.GetDestination();
                        if (object.scheme != null)
                            message.scheme = String(object.scheme);
                        if (object.path != null)
                            message.path = String(object.path);
                        if (object.context_token != null)
                            message.context_token = String(object.context_token);
                        return message;
                    };

                    /**
                     * Creates a plain object from a GetDestination message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @static
                     * @param {io.linkerd.proxy.destination.GetDestination} message GetDestination
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    GetDestination.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.scheme = "";
                            object.path = "";
                            object.context_token = "";
                        }
                        if (message.scheme != null && Object.hasOwnProperty.call(message, "scheme"))
                            object.scheme = message.scheme;
                        if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                            object.path = message.path;
                        if (message.context_token != null && Object.hasOwnProperty.call(message, "context_token"))
                            object.context_token = message.context_token;
                        return object;
                    };

                    /**
                     * Converts this GetDestination to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.GetDestination
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    GetDestination.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return GetDestination;
                })();

                destination.Update = (function() {

                    /**
                     * Properties of an Update.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IUpdate
                     * @property {io.linkerd.proxy.destination.IWeightedAddrSet|null} [add] Update add
                     * @property {io.linkerd.proxy.destination.IAddrSet|null} [remove] Update remove
                     * @property {io.linkerd.proxy.destination.INoEndpoints|null} [no_endpoints] Update no_endpoints
                     */

                    /**
                     * Constructs a new Update.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents an Update.
                     * @implements IUpdate
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IUpdate=} [properties] Properties to set
                     */
                    function Update(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Update add.
                     * @member {io.linkerd.proxy.destination.IWeightedAddrSet|null|undefined} add
                     * @memberof io.linkerd.proxy.destination.Update
                     * @instance
                     */
                    Update.prototype.add = null;

                    /**
                     * Update remove.
                     * @member {io.linkerd.proxy.destination.IAddrSet|null|undefined} remove
                     * @memberof io.linkerd.proxy.destination.Update
                     * @instance
                     */
                    Update.prototype.remove = null;

                    /**
                     * Update no_endpoints.
                     * @member {io.linkerd.proxy.destination.INoEndpoints|null|undefined} no_endpoints
                     * @memberof io.linkerd.proxy.destination.Update
                     * @instance
                     */
                    Update.prototype.no_endpoints = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * Update update.
                     * @member {"add"|"remove"|"no_endpoints"|undefined} update
                     * @memberof io.linkerd.proxy.destination.Update
                     * @instance
                     */
                    Object.defineProperty(Update.prototype, "update", {
                        get: $util.oneOfGetter($oneOfFields = ["add", "remove", "no_endpoints"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new Update instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.Update
                     * @static
                     * @param {io.linkerd.proxy.destination.IUpdate=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.Update} Update instance
                     */
                    Update.create = function create(properties) {
                        return new Update(properties);
                    };

                    /**
                     * Encodes the specified Update message. Does not implicitly {@link io.linkerd.proxy.destination.Update.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.Update
                     * @static
                     * @param {io.linkerd.proxy.destination.IUpdate} message Update message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Update.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.add != null && Object.hasOwnProperty.call(message, "add"))
                            $root.io.linkerd.proxy.destination.WeightedAddrSet.encode(message.add, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.remove != null && Object.hasOwnProperty.call(message, "remove"))
                            $root.io.linkerd.proxy.destination.AddrSet.encode(message.remove, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.no_endpoints != null && Object.hasOwnProperty.call(message, "no_endpoints"))
                            $root.io.linkerd.proxy.destination.NoEndpoints.encode(message.no_endpoints, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes an Update message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.Update
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.Update} Update
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Update.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.Update();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.add = $root.io.linkerd.proxy.destination.WeightedAddrSet.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.remove = $root.io.linkerd.proxy.destination.AddrSet.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    message.no_endpoints = $root.io.linkerd.proxy.destination.NoEndpoints.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an Update message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.Update
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.Update} Update
                     */
                    Update.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.Update)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.Update: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.Update();
                        if (object.add != null) {
                            if (!$util.isObject(object.add))
                                throw TypeError(".io.linkerd.proxy.destination.Update.add: object expected");
                            message.add = $root.io.linkerd.proxy.destination.WeightedAddrSet.fromObject(object.add, long + 1);
                        }
                        if (object.remove != null) {
                            if (!$util.isObject(object.remove))
                                throw TypeError(".io.linkerd.proxy.destination.Update.remove: object expected");
                            message.remove = $root.io.linkerd.proxy.destination.AddrSet.fromObject(object.remove, long + 1);
                        }
                        if (object.no_endpoints != null) {
                            if (!$util.isObject(object.no_endpoints))
                                throw TypeError(".io.linkerd.proxy.destination.Update.no_endpoints: object expected");
                            message.no_endpoints = $root.io.linkerd.proxy.destination.NoEndpoints.fromObject(object.no_endpoints, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from an Update message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.Update
                     * @static
                     * @param {io.linkerd.proxy.destination.Update} message Update
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Update.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (message.add != null && Object.hasOwnProperty.call(message, "add")) {
                            object.add = $root.io.linkerd.proxy.destination.WeightedAddrSet.toObject(message.add, options, q + 1);
                            if (options.oneofs)
                                object.update = "add";
                        }
                        if (message.remove != null && Object.hasOwnProperty.call(message, "remove")) {
                            object.remove = $root.io.linkerd.proxy.destination.AddrSet.toObject(message.remove, options, q + 1);
                            if (options.oneofs)
                                object.update = "remove";
                        }
                        if (message.no_endpoints != null && Object.hasOwnProperty.call(message, "no_endpoints")) {
                            object.no_endpoints = $root.io.linkerd.proxy.destination.NoEndpoints.toObject(message.no_endpoints, options, q + 1);
                            if (options.oneofs)
                                object.update = "no_endpoints";
                        }
                        return object;
                    };

                    /**
                     * Converts this Update to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.Update
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Update.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Update;
                })();

                destination.AddrSet = (function() {

                    /**
                     * Properties of an AddrSet.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IAddrSet
                     * @property {Array.<io.linkerd.proxy.net.ITcpAddress>|null} [addrs] AddrSet addrs
                     */

                    /**
                     * Constructs a new AddrSet.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents an AddrSet.
                     * @implements IAddrSet
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IAddrSet=} [properties] Properties to set
                     */
                    function AddrSet(properties) {
                        this.addrs = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * AddrSet addrs.
                     * @member {Array.<io.linkerd.proxy.net.ITcpAddress>} addrs
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @instance
                     */
                    AddrSet.prototype.addrs = $util.emptyArray;

                    /**
                     * Creates a new AddrSet instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.IAddrSet=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.AddrSet} AddrSet instance
                     */
                    AddrSet.create = function create(properties) {
                        return new AddrSet(properties);
                    };

                    /**
                     * Encodes the specified AddrSet message. Does not implicitly {@link io.linkerd.proxy.destination.AddrSet.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.IAddrSet} message AddrSet message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    AddrSet.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.addrs != null && message.addrs.length)
                            for (let i = 0; i < message.addrs.length; ++i)
                                $root.io.linkerd.proxy.net.TcpAddress.encode(message.addrs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes an AddrSet message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.AddrSet} AddrSet
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    AddrSet.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.AddrSet();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    if (!(message.addrs && message.addrs.length))
                                        message.addrs = [];
                                    message.addrs.push($root.io.linkerd.proxy.net.TcpAddress.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an AddrSet message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.AddrSet} AddrSet
                     */
                    AddrSet.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.AddrSet)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.AddrSet: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.AddrSet();
                        if (object.addrs) {
                            if (!Array.isArray(object.addrs))
                                throw TypeError(".io.linkerd.proxy.destination.AddrSet.addrs: array expected");
                            message.addrs = [];
                            for (let i = 0; i < object.addrs.length; ++i) {
                                if (!$util.isObject(object.addrs[i]))
                                    throw TypeError(".io.linkerd.proxy.destination.AddrSet.addrs: object expected");
                                message.addrs[i] = $root.io.linkerd.proxy.net.TcpAddress.fromObject(object.addrs[i], long + 1);
                            }
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from an AddrSet message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.AddrSet} message AddrSet
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    AddrSet.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.addrs = [];
                        if (message.addrs && message.addrs.length) {
                            object.addrs = [];
                            for (let j = 0; j < message.addrs.length; ++j)
                                object.addrs[j] = $root.io.linkerd.proxy.net.TcpAddress.toObject(message.addrs[j], options, q + 1);
                        }
                        return object;
                    };

                    /**
                     * Converts this AddrSet to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.AddrSet
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    AddrSet.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return AddrSet;
                })();

                destination.WeightedAddrSet = (function() {

                    /**
                     * Properties of a WeightedAddrSet.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IWeightedAddrSet
                     * @property {Array.<io.linkerd.proxy.destination.IWeightedAddr>|null} [addrs] WeightedAddrSet addrs
                     * @property {Object.<string,string>|null} [metric_labels] WeightedAddrSet metric_labels
                     */

                    /**
                     * Constructs a new WeightedAddrSet.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a WeightedAddrSet.
                     * @implements IWeightedAddrSet
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IWeightedAddrSet=} [properties] Properties to set
                     */
                    function WeightedAddrSet(properties) {
                        this.addrs = [];
                        this.metric_labels = {};
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * WeightedAddrSet addrs.
                     * @member {Array.<io.linkerd.proxy.destination.IWeightedAddr>} addrs
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @instance
                     */
                    WeightedAddrSet.prototype.addrs = $util.emptyArray;

                    /**
                     * WeightedAddrSet metric_labels.
                     * @member {Object.<string,string>} metric_labels
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @instance
                     */
                    WeightedAddrSet.prototype.metric_labels = $util.emptyObject;

                    /**
                     * Creates a new WeightedAddrSet instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedAddrSet=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.WeightedAddrSet} WeightedAddrSet instance
                     */
                    WeightedAddrSet.create = function create(properties) {
                        return new WeightedAddrSet(properties);
                    };

                    /**
                     * Encodes the specified WeightedAddrSet message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedAddrSet.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedAddrSet} message WeightedAddrSet message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    WeightedAddrSet.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.addrs != null && message.addrs.length)
                            for (let i = 0; i < message.addrs.length; ++i)
                                $root.io.linkerd.proxy.destination.WeightedAddr.encode(message.addrs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.metric_labels != null && Object.hasOwnProperty.call(message, "metric_labels"))
                            for (let keys = Object.keys(message.metric_labels), i = 0; i < keys.length; ++i)
                                writer.uint32(/* id 2, wireType 2 =*/18).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.metric_labels[keys[i]]).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a WeightedAddrSet message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.WeightedAddrSet} WeightedAddrSet
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    WeightedAddrSet.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message, key, value;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.WeightedAddrSet();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    if (!(message.addrs && message.addrs.length))
                                        message.addrs = [];
                                    message.addrs.push($root.io.linkerd.proxy.destination.WeightedAddr.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 2: {
                                    if (message.metric_labels === $util.emptyObject)
                                        message.metric_labels = {};
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    key = "";
                                    value = "";
                                    while (reader.pos < end2) {
                                        let tag2 = reader.uint32();
                                        switch (tag2 >>> 3) {
                                        case 1:
                                            key = reader.string();
                                            break;
                                        case 2:
                                            value = reader.string();
                                            break;
                                        default:
                                            reader.skipType(tag2 & 7, long);
                                            break;
                                        }
                                    }
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                    if (key === "__proto__")
                                        $util.makeProp(message.metric_labels, key);
                                    message.metric_labels[key] = value;
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a WeightedAddrSet message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.WeightedAddrSet} WeightedAddrSet
                     */
                    WeightedAddrSet.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.WeightedAddrSet)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.WeightedAddrSet: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.WeightedAddrSet();
                        if (object.addrs) {
                            if (!Array.isArray(object.addrs))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddrSet.addrs: array expected");
                            message.addrs = [];
                            for (let i = 0; i < object.addrs.length; ++i) {
                                if (!$util.isObject(object.addrs[i]))
                                    throw TypeError(".io.linkerd.proxy.destination.WeightedAddrSet.addrs: object expected");
                                message.addrs[i] = $root.io.linkerd.proxy.destination.WeightedAddr.fromObject(object.addrs[i], long + 1);
                            }
                        }
                        if (object.metric_labels) {
                            if (!$util.isObject(object.metric_labels))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddrSet.metric_labels: object expected");
                            message.metric_labels = {};
                            for (let keys = Object.keys(object.metric_labels), i = 0; i < keys.length; ++i) {
                                if (keys[i] === "__proto__")
                                    $util.makeProp(message.metric_labels, keys[i]);
                                message.metric_labels[keys[i]] = String(object.metric_labels[keys[i]]);
                            }
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a WeightedAddrSet message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @static
                     * @param {io.linkerd.proxy.destination.WeightedAddrSet} message WeightedAddrSet
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    WeightedAddrSet.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.addrs = [];
                        if (options.objects || options.defaults)
                            object.metric_labels = {};
                        if (message.addrs && message.addrs.length) {
                            object.addrs = [];
                            for (let j = 0; j < message.addrs.length; ++j)
                                object.addrs[j] = $root.io.linkerd.proxy.destination.WeightedAddr.toObject(message.addrs[j], options, q + 1);
                        }
                        let keys2;
                        if (message.metric_labels && (keys2 = Object.keys(message.metric_labels)).length) {
                            object.metric_labels = {};
                            for (let j = 0; j < keys2.length; ++j) {
                                if (keys2[j] === "__proto__")
                                    $util.makeProp(object.metric_labels, keys2[j]);
                                object.metric_labels[keys2[j]] = message.metric_labels[keys2[j]];
                            }
                        }
                        return object;
                    };

                    /**
                     * Converts this WeightedAddrSet to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.WeightedAddrSet
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    WeightedAddrSet.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return WeightedAddrSet;
                })();

                destination.WeightedAddr = (function() {

                    /**
                     * Properties of a WeightedAddr.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IWeightedAddr
                     * @property {io.linkerd.proxy.net.ITcpAddress|null} [addr] WeightedAddr addr
                     * @property {number|null} [weight] WeightedAddr weight
                     * @property {Object.<string,string>|null} [metric_labels] WeightedAddr metric_labels
                     * @property {io.linkerd.proxy.destination.ITlsIdentity|null} [tls_identity] WeightedAddr tls_identity
                     * @property {io.linkerd.proxy.destination.IProtocolHint|null} [protocol_hint] WeightedAddr protocol_hint
                     * @property {io.linkerd.proxy.destination.IAuthorityOverride|null} [authority_override] WeightedAddr authority_override
                     * @property {io.linkerd.proxy.meta.IMetadata|null} [resource_ref] WeightedAddr resource_ref
                     */

                    /**
                     * Constructs a new WeightedAddr.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a WeightedAddr.
                     * @implements IWeightedAddr
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IWeightedAddr=} [properties] Properties to set
                     */
                    function WeightedAddr(properties) {
                        this.metric_labels = {};
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * WeightedAddr addr.
                     * @member {io.linkerd.proxy.net.ITcpAddress|null|undefined} addr
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.addr = null;

                    /**
                     * WeightedAddr weight.
                     * @member {number} weight
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.weight = 0;

                    /**
                     * WeightedAddr metric_labels.
                     * @member {Object.<string,string>} metric_labels
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.metric_labels = $util.emptyObject;

                    /**
                     * WeightedAddr tls_identity.
                     * @member {io.linkerd.proxy.destination.ITlsIdentity|null|undefined} tls_identity
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.tls_identity = null;

                    /**
                     * WeightedAddr protocol_hint.
                     * @member {io.linkerd.proxy.destination.IProtocolHint|null|undefined} protocol_hint
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.protocol_hint = null;

                    /**
                     * WeightedAddr authority_override.
                     * @member {io.linkerd.proxy.destination.IAuthorityOverride|null|undefined} authority_override
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.authority_override = null;

                    /**
                     * WeightedAddr resource_ref.
                     * @member {io.linkerd.proxy.meta.IMetadata|null|undefined} resource_ref
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     */
                    WeightedAddr.prototype.resource_ref = null;

                    /**
                     * Creates a new WeightedAddr instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedAddr=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.WeightedAddr} WeightedAddr instance
                     */
                    WeightedAddr.create = function create(properties) {
                        return new WeightedAddr(properties);
                    };

                    /**
                     * Encodes the specified WeightedAddr message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedAddr.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedAddr} message WeightedAddr message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    WeightedAddr.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.addr != null && Object.hasOwnProperty.call(message, "addr"))
                            $root.io.linkerd.proxy.net.TcpAddress.encode(message.addr, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.weight != null && Object.hasOwnProperty.call(message, "weight"))
                            writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.weight);
                        if (message.metric_labels != null && Object.hasOwnProperty.call(message, "metric_labels"))
                            for (let keys = Object.keys(message.metric_labels), i = 0; i < keys.length; ++i)
                                writer.uint32(/* id 4, wireType 2 =*/34).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.metric_labels[keys[i]]).ldelim();
                        if (message.tls_identity != null && Object.hasOwnProperty.call(message, "tls_identity"))
                            $root.io.linkerd.proxy.destination.TlsIdentity.encode(message.tls_identity, writer.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                        if (message.protocol_hint != null && Object.hasOwnProperty.call(message, "protocol_hint"))
                            $root.io.linkerd.proxy.destination.ProtocolHint.encode(message.protocol_hint, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                        if (message.authority_override != null && Object.hasOwnProperty.call(message, "authority_override"))
                            $root.io.linkerd.proxy.destination.AuthorityOverride.encode(message.authority_override, writer.uint32(/* id 7, wireType 2 =*/58).fork(), q + 1).ldelim();
                        if (message.resource_ref != null && Object.hasOwnProperty.call(message, "resource_ref"))
                            $root.io.linkerd.proxy.meta.Metadata.encode(message.resource_ref, writer.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a WeightedAddr message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.WeightedAddr} WeightedAddr
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    WeightedAddr.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message, key, value;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.WeightedAddr();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.addr = $root.io.linkerd.proxy.net.TcpAddress.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    message.weight = reader.uint32();
                                    break;
                                }
                            case 4: {
                                    if (message.metric_labels === $util.emptyObject)
                                        message.metric_labels = {};
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    key = "";
                                    value = "";
                                    while (reader.pos < end2) {
                                        let tag2 = reader.uint32();
                                        switch (tag2 >>> 3) {
                                        case 1:
                                            key = reader.string();
                                            break;
                                        case 2:
                                            value = reader.string();
                                            break;
                                        default:
                                            reader.skipType(tag2 & 7, long);
                                            break;
                                        }
                                    }
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                    if (key === "__proto__")
                                        $util.makeProp(message.metric_labels, key);
                                    message.metric_labels[key] = value;
                                    break;
                                }
                            case 5: {
                                    message.tls_identity = $root.io.linkerd.proxy.destination.TlsIdentity.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 6: {
                                    message.protocol_hint = $root.io.linkerd.proxy.destination.ProtocolHint.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 7: {
                                    message.authority_override = $root.io.linkerd.proxy.destination.AuthorityOverride.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 9: {
                                    message.resource_ref = $root.io.linkerd.proxy.meta.Metadata.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a WeightedAddr message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.WeightedAddr} WeightedAddr
                     */
                    WeightedAddr.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.WeightedAddr)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.WeightedAddr: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.WeightedAddr();
                        if (object.addr != null) {
                            if (!$util.isObject(object.addr))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.addr: object expected");
                            message.addr = $root.io.linkerd.proxy.net.TcpAddress.fromObject(object.addr, long + 1);
                        }
                        if (object.weight != null)
                            message.weight = object.weight >>> 0;
                        if (object.metric_labels) {
                            if (!$util.isObject(object.metric_labels))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.metric_labels: object expected");
                            message.metric_labels = {};
                            for (let keys = Object.keys(object.metric_labels), i = 0; i < keys.length; ++i) {
                                if (keys[i] === "__proto__")
                                    $util.makeProp(message.metric_labels, keys[i]);
                                message.metric_labels[keys[i]] = String(object.metric_labels[keys[i]]);
                            }
                        }
                        if (object.tls_identity != null) {
                            if (!$util.isObject(object.tls_identity))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.tls_identity: object expected");
                            message.tls_identity = $root.io.linkerd.proxy.destination.TlsIdentity.fromObject(object.tls_identity, long + 1);
                        }
                        if (object.protocol_hint != null) {
                            if (!$util.isObject(object.protocol_hint))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.protocol_hint: object expected");
                            message.protocol_hint = $root.io.linkerd.proxy.destination.ProtocolHint.fromObject(object.protocol_hint, long + 1);
                        }
                        if (object.authority_override != null) {
                            if (!$util.isObject(object.authority_override))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.authority_override: object expected");
                            message.authority_override = $root.io.linkerd.proxy.destination.AuthorityOverride.fromObject(object.authority_override, long + 1);
                        }
                        if (object.resource_ref != null) {
                            if (!$util.isObject(object.resource_ref))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedAddr.resource_ref: object expected");
                            message.resource_ref = $root.io.linkerd.proxy.meta.Metadata.fromObject(object.resource_ref, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a WeightedAddr message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @static
                     * @param {io.linkerd.proxy.destination.WeightedAddr} message WeightedAddr
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    WeightedAddr.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.objects || options.defaults)
                            object.metric_labels = {};
                        if (options.defaults) {
                            object.addr = null;
                            object.weight = 0;
                            object.tls_identity = null;
                            object.protocol_hint = null;
                            object.authority_override = null;
                            object.resource_ref = null;
                        }
                        if (message.addr != null && Object.hasOwnProperty.call(message, "addr"))
                            object.addr = $root.io.linkerd.proxy.net.TcpAddress.toObject(message.addr, options, q + 1);
                        if (message.weight != null && Object.hasOwnProperty.call(message, "weight"))
                            object.weight = message.weight;
                        let keys2;
                        if (message.metric_labels && (keys2 = Object.keys(message.metric_labels)).length) {
                            object.metric_labels = {};
                            for (let j = 0; j < keys2.length; ++j) {
                                if (keys2[j] === "__proto__")
                                    $util.makeProp(object.metric_labels, keys2[j]);
                                object.metric_labels[keys2[j]] = message.metric_labels[keys2[j]];
                            }
                        }
                        if (message.tls_identity != null && Object.hasOwnProperty.call(message, "tls_identity"))
                            object.tls_identity = $root.io.linkerd.proxy.destination.TlsIdentity.toObject(message.tls_identity, options, q + 1);
                        if (message.protocol_hint != null && Object.hasOwnProperty.call(message, "protocol_hint"))
                            object.protocol_hint = $root.io.linkerd.proxy.destination.ProtocolHint.toObject(message.protocol_hint, options, q + 1);
                        if (message.authority_override != null && Object.hasOwnProperty.call(message, "authority_override"))
                            object.authority_override = $root.io.linkerd.proxy.destination.AuthorityOverride.toObject(message.authority_override, options, q + 1);
                        if (message.resource_ref != null && Object.hasOwnProperty.call(message, "resource_ref"))
                            object.resource_ref = $root.io.linkerd.proxy.meta.Metadata.toObject(message.resource_ref, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this WeightedAddr to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.WeightedAddr
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    WeightedAddr.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return WeightedAddr;
                })();

                destination.TlsIdentity = (function() {

                    /**
                     * Properties of a TlsIdentity.
                     * @memberof io.linkerd.proxy.destination
                     * @interface ITlsIdentity
                     * @property {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null} [dns_like_identity] TlsIdentity dns_like_identity
                     * @property {io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity|null} [uri_like_identity] TlsIdentity uri_like_identity
                     * @property {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null} [server_name] TlsIdentity server_name
                     */

                    /**
                     * Constructs a new TlsIdentity.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a TlsIdentity.
                     * @implements ITlsIdentity
                     * @constructor
                     * @param {io.linkerd.proxy.destination.ITlsIdentity=} [properties] Properties to set
                     */
                    function TlsIdentity(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * TlsIdentity dns_like_identity.
                     * @member {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null|undefined} dns_like_identity
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @instance
                     */
                    TlsIdentity.prototype.dns_like_identity = null;

                    /**
                     * TlsIdentity uri_like_identity.
                     * @member {io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity|null|undefined} uri_like_identity
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @instance
                     */
                    TlsIdentity.prototype.uri_like_identity = null;

                    /**
                     * TlsIdentity server_name.
                     * @member {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity|null|undefined} server_name
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @instance
                     */
                    TlsIdentity.prototype.server_name = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * TlsIdentity strategy.
                     * @member {"dns_like_identity"|"uri_like_identity"|undefined} strategy
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @instance
                     */
                    Object.defineProperty(TlsIdentity.prototype, "strategy", {
                        get: $util.oneOfGetter($oneOfFields = ["dns_like_identity", "uri_like_identity"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new TlsIdentity instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @static
                     * @param {io.linkerd.proxy.destination.ITlsIdentity=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.TlsIdentity} TlsIdentity instance
                     */
                    TlsIdentity.create = function create(properties) {
                        return new TlsIdentity(properties);
                    };

                    /**
                     * Encodes the specified TlsIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @static
                     * @param {io.linkerd.proxy.destination.ITlsIdentity} message TlsIdentity message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    TlsIdentity.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.dns_like_identity != null && Object.hasOwnProperty.call(message, "dns_like_identity"))
                            $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.encode(message.dns_like_identity, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.uri_like_identity != null && Object.hasOwnProperty.call(message, "uri_like_identity"))
                            $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.encode(message.uri_like_identity, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        if (message.server_name != null && Object.hasOwnProperty.call(message, "server_name"))
                            $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.encode(message.server_name, writer.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a TlsIdentity message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.TlsIdentity} TlsIdentity
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    TlsIdentity.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.TlsIdentity();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.dns_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    message.uri_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 4: {
                                    message.server_name = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a TlsIdentity message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.TlsIdentity} TlsIdentity
                     */
                    TlsIdentity.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.TlsIdentity)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.TlsIdentity: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.TlsIdentity();
                        if (object.dns_like_identity != null) {
                            if (!$util.isObject(object.dns_like_identity))
                                throw TypeError(".io.linkerd.proxy.destination.TlsIdentity.dns_like_identity: object expected");
                            message.dns_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.fromObject(object.dns_like_identity, long + 1);
                        }
                        if (object.uri_like_identity != null) {
                            if (!$util.isObject(object.uri_like_identity))
                                throw TypeError(".io.linkerd.proxy.destination.TlsIdentity.uri_like_identity: object expected");
                            message.uri_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.fromObject(object.uri_like_identity, long + 1);
                        }
                        if (object.server_name != null) {
                            if (!$util.isObject(object.server_name))
                                throw TypeError(".io.linkerd.proxy.destination.TlsIdentity.server_name: object expected");
                            message.server_name = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.fromObject(object.server_name, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a TlsIdentity message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @static
                     * @param {io.linkerd.proxy.destination.TlsIdentity} message TlsIdentity
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    TlsIdentity.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults)
                            object.server_name = null;
                        if (message.dns_like_identity != null && Object.hasOwnProperty.call(message, "dns_like_identity")) {
                            object.dns_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.toObject(message.dns_like_identity, options, q + 1);
                            if (options.oneofs)
                                object.strategy = "dns_like_identity";
                        }
                        if (message.uri_like_identity != null && Object.hasOwnProperty.call(message, "uri_like_identity")) {
                            object.uri_like_identity = $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.toObject(message.uri_like_identity, options, q + 1);
                            if (options.oneofs)
                                object.strategy = "uri_like_identity";
                        }
                        if (message.server_name != null && Object.hasOwnProperty.call(message, "server_name"))
                            object.server_name = $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.toObject(message.server_name, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this TlsIdentity to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.TlsIdentity
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    TlsIdentity.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    TlsIdentity.DnsLikeIdentity = (function() {

                        /**
                         * Properties of a DnsLikeIdentity.
                         * @memberof io.linkerd.proxy.destination.TlsIdentity
                         * @interface IDnsLikeIdentity
                         * @property {string|null} [name] DnsLikeIdentity name
                         */

                        /**
                         * Constructs a new DnsLikeIdentity.
                         * @memberof io.linkerd.proxy.destination.TlsIdentity
                         * @classdesc Represents a DnsLikeIdentity.
                         * @implements IDnsLikeIdentity
                         * @constructor
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity=} [properties] Properties to set
                         */
                        function DnsLikeIdentity(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * DnsLikeIdentity name.
                         * @member {string} name
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @instance
                         */
                        DnsLikeIdentity.prototype.name = "";

                        /**
                         * Creates a new DnsLikeIdentity instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity} DnsLikeIdentity instance
                         */
                        DnsLikeIdentity.create = function create(properties) {
                            return new DnsLikeIdentity(properties);
                        };

                        /**
                         * Encodes the specified DnsLikeIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IDnsLikeIdentity} message DnsLikeIdentity message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        DnsLikeIdentity.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                            return writer;
                        };

                        /**
                         * Decodes a DnsLikeIdentity message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity} DnsLikeIdentity
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        DnsLikeIdentity.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.name = reader.string();
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a DnsLikeIdentity message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity} DnsLikeIdentity
                         */
                        DnsLikeIdentity.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity)
                                return object;
                            if (!$util.isObject(object))
                                throw TypeError(".io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity: object expected");
                            if (long === undefined)
                                long = 0;
                            if (long > $util.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let message = new $root.io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity();
                            if (object.name != null)
                                message.name = String(object.name);
                            return message;
                        };

                        /**
                         * Creates a plain object from a DnsLikeIdentity message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity} message DnsLikeIdentity
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        DnsLikeIdentity.toObject = function toObject(message, options, q) {
                            if (!options)
                                options = {};
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            let object = {};
                            if (options.defaults)
                                object.name = "";
                            if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                                object.name = message.name;
                            return object;
                        };

                        /**
                         * Converts this DnsLikeIdentity to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        DnsLikeIdentity.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return DnsLikeIdentity;
                    })();

                    TlsIdentity.UriLikeIdentity = (function() {

                        /**
                         * Properties of an UriLikeIdentity.
                         * @memberof io.linkerd.proxy.destination.TlsIdentity
                         * @interface IUriLikeIdentity
                         * @property {string|null} [uri] UriLikeIdentity uri
                         */

                        /**
                         * Constructs a new UriLikeIdentity.
                         * @memberof io.linkerd.proxy.destination.TlsIdentity
                         * @classdesc Represents an UriLikeIdentity.
                         * @implements IUriLikeIdentity
                         * @constructor
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity=} [properties] Properties to set
                         */
                        function UriLikeIdentity(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * UriLikeIdentity uri.
                         * @member {string} uri
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @instance
                         */
                        UriLikeIdentity.prototype.uri = "";

                        /**
                         * Creates a new UriLikeIdentity instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity} UriLikeIdentity instance
                         */
                        UriLikeIdentity.create = function create(properties) {
                            return new UriLikeIdentity(properties);
                        };

                        /**
                         * Encodes the specified UriLikeIdentity message. Does not implicitly {@link io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.IUriLikeIdentity} message UriLikeIdentity message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        UriLikeIdentity.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.uri != null && Object.hasOwnProperty.call(message, "uri"))
                                writer.uint32(/* id 1, wireType 2 =*/10).string(message.uri);
                            return writer;
                        };

                        /**
                         * Decodes an UriLikeIdentity message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity} UriLikeIdentity
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        UriLikeIdentity.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.uri = reader.string();
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates an UriLikeIdentity message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity} UriLikeIdentity
                         */
                        UriLikeIdentity.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity)
                                return object;
                            if (!$util.isObject(object))
                                throw TypeError(".io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity: object expected");
                            if (long === undefined)
                                long = 0;
                            if (long > $util.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let message = new $root.io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity();
                            if (object.uri != null)
                                message.uri = String(object.uri);
                            return message;
                        };

                        /**
                         * Creates a plain object from an UriLikeIdentity message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @static
                         * @param {io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity} message UriLikeIdentity
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        UriLikeIdentity.toObject = function toObject(message, options, q) {
                            if (!options)
                                options = {};
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            let object = {};
                            if (options.defaults)
                                object.uri = "";
                            if (message.uri != null && Object.hasOwnProperty.call(message, "uri"))
                                object.uri = message.uri;
                            return object;
                        };

                        /**
                         * Converts this UriLikeIdentity to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        UriLikeIdentity.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return UriLikeIdentity;
                    })();

                    return TlsIdentity;
                })();

                destination.AuthorityOverride = (function() {

                    /**
                     * Properties of an AuthorityOverride.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IAuthorityOverride
                     * @property {string|null} [authority_override] AuthorityOverride authority_override
                     */

                    /**
                     * Constructs a new AuthorityOverride.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents an AuthorityOverride.
                     * @implements IAuthorityOverride
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IAuthorityOverride=} [properties] Properties to set
                     */
                    function AuthorityOverride(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * AuthorityOverride authority_override.
                     * @member {string} authority_override
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @instance
                     */
                    AuthorityOverride.prototype.authority_override = "";

                    /**
                     * Creates a new AuthorityOverride instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @static
                     * @param {io.linkerd.proxy.destination.IAuthorityOverride=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.AuthorityOverride} AuthorityOverride instance
                     */
                    AuthorityOverride.create = function create(properties) {
                        return new AuthorityOverride(properties);
                    };

                    /**
                     * Encodes the specified AuthorityOverride message. Does not implicitly {@link io.linkerd.proxy.destination.AuthorityOverride.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @static
                     * @param {io.linkerd.proxy.destination.IAuthorityOverride} message AuthorityOverride message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    AuthorityOverride.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.authority_override != null && Object.hasOwnProperty.call(message, "authority_override"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.authority_override);
                        return writer;
                    };

                    /**
                     * Decodes an AuthorityOverride message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.AuthorityOverride} AuthorityOverride
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    AuthorityOverride.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.AuthorityOverride();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.authority_override = reader.string();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an AuthorityOverride message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.AuthorityOverride} AuthorityOverride
                     */
                    AuthorityOverride.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.AuthorityOverride)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.AuthorityOverride: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.AuthorityOverride();
                        if (object.authority_override != null)
                            message.authority_override = String(object.authority_override);
                        return message;
                    };

                    /**
                     * Creates a plain object from an AuthorityOverride message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @static
                     * @param {io.linkerd.proxy.destination.AuthorityOverride} message AuthorityOverride
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    AuthorityOverride.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults)
                            object.authority_override = "";
                        if (message.authority_override != null && Object.hasOwnProperty.call(message, "authority_override"))
                            object.authority_override = message.authority_override;
                        return object;
                    };

                    /**
                     * Converts this AuthorityOverride to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.AuthorityOverride
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    AuthorityOverride.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return AuthorityOverride;
                })();

                destination.NoEndpoints = (function() {

                    /**
                     * Properties of a NoEndpoints.
                     * @memberof io.linkerd.proxy.destination
                     * @interface INoEndpoints
                     * @property {boolean|null} [exists] NoEndpoints exists
                     */

                    /**
                     * Constructs a new NoEndpoints.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a NoEndpoints.
                     * @implements INoEndpoints
                     * @constructor
                     * @param {io.linkerd.proxy.destination.INoEndpoints=} [properties] Properties to set
                     */
                    function NoEndpoints(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * NoEndpoints exists.
                     * @member {boolean} exists
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @instance
                     */
                    NoEndpoints.prototype.exists = false;

                    /**
                     * Creates a new NoEndpoints instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @static
                     * @param {io.linkerd.proxy.destination.INoEndpoints=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.NoEndpoints} NoEndpoints instance
                     */
                    NoEndpoints.create = function create(properties) {
                        return new NoEndpoints(properties);
                    };

                    /**
                     * Encodes the specified NoEndpoints message. Does not implicitly {@link io.linkerd.proxy.destination.NoEndpoints.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @static
                     * @param {io.linkerd.proxy.destination.INoEndpoints} message NoEndpoints message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    NoEndpoints.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.exists != null && Object.hasOwnProperty.call(message, "exists"))
                            writer.uint32(/* id 1, wireType 0 =*/8).bool(message.exists);
                        return writer;
                    };

                    /**
                     * Decodes a NoEndpoints message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.NoEndpoints} NoEndpoints
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    NoEndpoints.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.NoEndpoints();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.exists = reader.bool();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a NoEndpoints message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.NoEndpoints} NoEndpoints
                     */
                    NoEndpoints.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.NoEndpoints)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.NoEndpoints: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.NoEndpoints();
                        if (object.exists != null)
                            message.exists = Boolean(object.exists);
                        return message;
                    };

                    /**
                     * Creates a plain object from a NoEndpoints message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @static
                     * @param {io.linkerd.proxy.destination.NoEndpoints} message NoEndpoints
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    NoEndpoints.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults)
                            object.exists = false;
                        if (message.exists != null && Object.hasOwnProperty.call(message, "exists"))
                            object.exists = message.exists;
                        return object;
                    };

                    /**
                     * Converts this NoEndpoints to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.NoEndpoints
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    NoEndpoints.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return NoEndpoints;
                })();

                destination.ProtocolHint = (function() {

                    /**
                     * Properties of a ProtocolHint.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IProtocolHint
                     * @property {io.linkerd.proxy.destination.ProtocolHint.IH2|null} [h2] ProtocolHint h2
                     * @property {io.linkerd.proxy.destination.ProtocolHint.IOpaque|null} [opaque] ProtocolHint opaque
                     * @property {io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport|null} [opaque_transport] ProtocolHint opaque_transport
                     */

                    /**
                     * Constructs a new ProtocolHint.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a ProtocolHint.
                     * @implements IProtocolHint
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IProtocolHint=} [properties] Properties to set
                     */
                    function ProtocolHint(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * ProtocolHint h2.
                     * @member {io.linkerd.proxy.destination.ProtocolHint.IH2|null|undefined} h2
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @instance
                     */
                    ProtocolHint.prototype.h2 = null;

                    /**
                     * ProtocolHint opaque.
                     * @member {io.linkerd.proxy.destination.ProtocolHint.IOpaque|null|undefined} opaque
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @instance
                     */
                    ProtocolHint.prototype.opaque = null;

                    /**
                     * ProtocolHint opaque_transport.
                     * @member {io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport|null|undefined} opaque_transport
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @instance
                     */
                    ProtocolHint.prototype.opaque_transport = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * ProtocolHint protocol.
                     * @member {"h2"|"opaque"|undefined} protocol
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @instance
                     */
                    Object.defineProperty(ProtocolHint.prototype, "protocol", {
                        get: $util.oneOfGetter($oneOfFields = ["h2", "opaque"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new ProtocolHint instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @static
                     * @param {io.linkerd.proxy.destination.IProtocolHint=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.ProtocolHint} ProtocolHint instance
                     */
                    ProtocolHint.create = function create(properties) {
                        return new ProtocolHint(properties);
                    };

                    /**
                     * Encodes the specified ProtocolHint message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @static
                     * @param {io.linkerd.proxy.destination.IProtocolHint} message ProtocolHint message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    ProtocolHint.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.h2 != null && Object.hasOwnProperty.call(message, "h2"))
                            $root.io.linkerd.proxy.destination.ProtocolHint.H2.encode(message.h2, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.opaque_transport != null && Object.hasOwnProperty.call(message, "opaque_transport"))
                            $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.encode(message.opaque_transport, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.opaque != null && Object.hasOwnProperty.call(message, "opaque"))
                            $root.io.linkerd.proxy.destination.ProtocolHint.Opaque.encode(message.opaque, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a ProtocolHint message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.ProtocolHint} ProtocolHint
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    ProtocolHint.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.ProtocolHint();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.h2 = $root.io.linkerd.proxy.destination.ProtocolHint.H2.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    message.opaque = $root.io.linkerd.proxy.destination.ProtocolHint.Opaque.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.opaque_transport = $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a ProtocolHint message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.ProtocolHint} ProtocolHint
                     */
                    ProtocolHint.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.ProtocolHint)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.ProtocolHint: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.ProtocolHint();
                        if (object.h2 != null) {
                            if (!$util.isObject(object.h2))
                                throw TypeError(".io.linkerd.proxy.destination.ProtocolHint.h2: object expected");
                            message.h2 = $root.io.linkerd.proxy.destination.ProtocolHint.H2.fromObject(object.h2, long + 1);
                        }
                        if (object.opaque != null) {
                            if (!$util.isObject(object.opaque))
                                throw TypeError(".io.linkerd.proxy.destination.ProtocolHint.opaque: object expected");
                            message.opaque = $root.io.linkerd.proxy.destination.ProtocolHint.Opaque.fromObject(object.opaque, long + 1);
                        }
                        if (object.opaque_transport != null) {
                            if (!$util.isObject(object.opaque_transport))
                                throw TypeError(".io.linkerd.proxy.destination.ProtocolHint.opaque_transport: object expected");
                            message.opaque_transport = $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.fromObject(object.opaque_transport, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a ProtocolHint message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @static
                     * @param {io.linkerd.proxy.destination.ProtocolHint} message ProtocolHint
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    ProtocolHint.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults)
                            object.opaque_transport = null;
                        if (message.h2 != null && Object.hasOwnProperty.call(message, "h2")) {
                            object.h2 = $root.io.linkerd.proxy.destination.ProtocolHint.H2.toObject(message.h2, options, q + 1);
                            if (options.oneofs)
                                object.protocol = "h2";
                        }
                        if (message.opaque_transport != null && Object.hasOwnProperty.call(message, "opaque_transport"))
                            object.opaque_transport = $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.toObject(message.opaque_transport, options, q + 1);
                        if (message.opaque != null && Object.hasOwnProperty.call(message, "opaque")) {
                            object.opaque = $root.io.linkerd.proxy.destination.ProtocolHint.Opaque.toObject(message.opaque, options, q + 1);
                            if (options.oneofs)
                                object.protocol = "opaque";
                        }
                        return object;
                    };

                    /**
                     * Converts this ProtocolHint to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.ProtocolHint
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    ProtocolHint.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    ProtocolHint.H2 = (function() {

                        /**
                         * Properties of a H2.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @interface IH2
                         */

                        /**
                         * Constructs a new H2.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @classdesc Represents a H2.
                         * @implements IH2
                         * @constructor
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IH2=} [properties] Properties to set
                         */
                        function H2(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new H2 instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IH2=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.H2} H2 instance
                         */
                        H2.create = function create(properties) {
                            return new H2(properties);
                        };

                        /**
                         * Encodes the specified H2 message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.H2.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IH2} message H2 message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        H2.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a H2 message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.H2} H2
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        H2.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.destination.ProtocolHint.H2();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a H2 message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.H2} H2
                         */
                        H2.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.destination.ProtocolHint.H2)
                                return object;
                            return new $root.io.linkerd.proxy.destination.ProtocolHint.H2();
                        };

                        /**
                         * Creates a plain object from a H2 message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.H2} message H2
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        H2.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this H2 to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.H2
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        H2.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return H2;
                    })();

                    ProtocolHint.Opaque = (function() {

                        /**
                         * Properties of an Opaque.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @interface IOpaque
                         */

                        /**
                         * Constructs a new Opaque.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @classdesc Represents an Opaque.
                         * @implements IOpaque
                         * @constructor
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaque=} [properties] Properties to set
                         */
                        function Opaque(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Opaque instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaque=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.Opaque} Opaque instance
                         */
                        Opaque.create = function create(properties) {
                            return new Opaque(properties);
                        };

                        /**
                         * Encodes the specified Opaque message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.Opaque.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaque} message Opaque message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Opaque.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes an Opaque message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.Opaque} Opaque
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Opaque.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.destination.ProtocolHint.Opaque();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates an Opaque message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.Opaque} Opaque
                         */
                        Opaque.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.destination.ProtocolHint.Opaque)
                                return object;
                            return new $root.io.linkerd.proxy.destination.ProtocolHint.Opaque();
                        };

                        /**
                         * Creates a plain object from an Opaque message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.Opaque} message Opaque
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Opaque.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Opaque to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.Opaque
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Opaque.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Opaque;
                    })();

                    ProtocolHint.OpaqueTransport = (function() {

                        /**
                         * Properties of an OpaqueTransport.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @interface IOpaqueTransport
                         * @property {number|null} [inbound_port] OpaqueTransport inbound_port
                         */

                        /**
                         * Constructs a new OpaqueTransport.
                         * @memberof io.linkerd.proxy.destination.ProtocolHint
                         * @classdesc Represents an OpaqueTransport.
                         * @implements IOpaqueTransport
                         * @constructor
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport=} [properties] Properties to set
                         */
                        function OpaqueTransport(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * OpaqueTransport inbound_port.
                         * @member {number} inbound_port
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @instance
                         */
                        OpaqueTransport.prototype.inbound_port = 0;

                        /**
                         * Creates a new OpaqueTransport instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport} OpaqueTransport instance
                         */
                        OpaqueTransport.create = function create(properties) {
                            return new OpaqueTransport(properties);
                        };

                        /**
                         * Encodes the specified OpaqueTransport message. Does not implicitly {@link io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.IOpaqueTransport} message OpaqueTransport message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        OpaqueTransport.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.inbound_port != null && Object.hasOwnProperty.call(message, "inbound_port"))
                                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.inbound_port);
                            return writer;
                        };

                        /**
                         * Decodes an OpaqueTransport message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport} OpaqueTransport
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        OpaqueTransport.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.inbound_port = reader.uint32();
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates an OpaqueTransport message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport} OpaqueTransport
                         */
                        OpaqueTransport.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport)
                                return object;
                            if (!$util.isObject(object))
                                throw TypeError(".io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport: object expected");
                            if (long === undefined)
                                long = 0;
                            if (long > $util.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let message = new $root.io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport();
                            if (object.inbound_port != null)
                                message.inbound_port = object.inbound_port >>> 0;
                            return message;
                        };

                        /**
                         * Creates a plain object from an OpaqueTransport message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @static
                         * @param {io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport} message OpaqueTransport
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        OpaqueTransport.toObject = function toObject(message, options, q) {
                            if (!options)
                                options = {};
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            let object = {};
                            if (options.defaults)
                                object.inbound_port = 0;
                            if (message.inbound_port != null && Object.hasOwnProperty.call(message, "inbound_port"))
                                object.inbound_port = message.inbound_port;
                            return object;
                        };

                        /**
                         * Converts this OpaqueTransport to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        OpaqueTransport.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return OpaqueTransport;
                    })();

                    return ProtocolHint;
                })();

                destination.DestinationProfile = (function() {

                    /**
                     * Properties of a DestinationProfile.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IDestinationProfile
                     * @property {Array.<io.linkerd.proxy.destination.IWeightedDst>|null} [dst_overrides] DestinationProfile dst_overrides
                     * @property {boolean|null} [opaque_protocol] DestinationProfile opaque_protocol
                     * @property {string|null} [fully_qualified_name] DestinationProfile fully_qualified_name
                     * @property {io.linkerd.proxy.destination.IWeightedAddr|null} [endpoint] DestinationProfile endpoint
                     * @property {io.linkerd.proxy.meta.IMetadata|null} [parent_ref] DestinationProfile parent_ref
                     * @property {io.linkerd.proxy.meta.IMetadata|null} [profile_ref] DestinationProfile profile_ref
                     */

                    /**
                     * Constructs a new DestinationProfile.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a DestinationProfile.
                     * @implements IDestinationProfile
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IDestinationProfile=} [properties] Properties to set
                     */
                    function DestinationProfile(properties) {
                        this.dst_overrides = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * DestinationProfile dst_overrides.
                     * @member {Array.<io.linkerd.proxy.destination.IWeightedDst>} dst_overrides
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.dst_overrides = $util.emptyArray;

                    /**
                     * DestinationProfile opaque_protocol.
                     * @member {boolean} opaque_protocol
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.opaque_protocol = false;

                    /**
                     * DestinationProfile fully_qualified_name.
                     * @member {string} fully_qualified_name
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.fully_qualified_name = "";

                    /**
                     * DestinationProfile endpoint.
                     * @member {io.linkerd.proxy.destination.IWeightedAddr|null|undefined} endpoint
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.endpoint = null;

                    /**
                     * DestinationProfile parent_ref.
                     * @member {io.linkerd.proxy.meta.IMetadata|null|undefined} parent_ref
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.parent_ref = null;

                    /**
                     * DestinationProfile profile_ref.
                     * @member {io.linkerd.proxy.meta.IMetadata|null|undefined} profile_ref
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     */
                    DestinationProfile.prototype.profile_ref = null;

                    /**
                     * Creates a new DestinationProfile instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @static
                     * @param {io.linkerd.proxy.destination.IDestinationProfile=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.DestinationProfile} DestinationProfile instance
                     */
                    DestinationProfile.create = function create(properties) {
                        return new DestinationProfile(properties);
                    };

                    /**
                     * Encodes the specified DestinationProfile message. Does not implicitly {@link io.linkerd.proxy.destination.DestinationProfile.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @static
                     * @param {io.linkerd.proxy.destination.IDestinationProfile} message DestinationProfile message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    DestinationProfile.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.dst_overrides != null && message.dst_overrides.length)
                            for (let i = 0; i < message.dst_overrides.length; ++i)
                                $root.io.linkerd.proxy.destination.WeightedDst.encode(message.dst_overrides[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        if (message.opaque_protocol != null && Object.hasOwnProperty.call(message, "opaque_protocol"))
                            writer.uint32(/* id 4, wireType 0 =*/32).bool(message.opaque_protocol);
                        if (message.fully_qualified_name != null && Object.hasOwnProperty.call(message, "fully_qualified_name"))
                            writer.uint32(/* id 5, wireType 2 =*/42).string(message.fully_qualified_name);
                        if (message.endpoint != null && Object.hasOwnProperty.call(message, "endpoint"))
                            $root.io.linkerd.proxy.destination.WeightedAddr.encode(message.endpoint, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                        if (message.parent_ref != null && Object.hasOwnProperty.call(message, "parent_ref"))
                            $root.io.linkerd.proxy.meta.Metadata.encode(message.parent_ref, writer.uint32(/* id 7, wireType 2 =*/58).fork(), q + 1).ldelim();
                        if (message.profile_ref != null && Object.hasOwnProperty.call(message, "profile_ref"))
                            $root.io.linkerd.proxy.meta.Metadata.encode(message.profile_ref, writer.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a DestinationProfile message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.DestinationProfile} DestinationProfile
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    DestinationProfile.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.DestinationProfile();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 3: {
                                    if (!(message.dst_overrides && message.dst_overrides.length))
                                        message.dst_overrides = [];
                                    message.dst_overrides.push($root.io.linkerd.proxy.destination.WeightedDst.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 4: {
                                    message.opaque_protocol = reader.bool();
                                    break;
                                }
                            case 5: {
                                    message.fully_qualified_name = reader.string();
                                    break;
                                }
                            case 6: {
                                    message.endpoint = $root.io.linkerd.proxy.destination.WeightedAddr.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 7: {
                                    message.parent_ref = $root.io.linkerd.proxy.meta.Metadata.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 8: {
                                    message.profile_ref = $root.io.linkerd.proxy.meta.Metadata.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a DestinationProfile message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.DestinationProfile} DestinationProfile
                     */
                    DestinationProfile.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.DestinationProfile)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.DestinationProfile: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.DestinationProfile();
                        if (object.dst_overrides) {
                            if (!Array.isArray(object.dst_overrides))
                                throw TypeError(".io.linkerd.proxy.destination.DestinationProfile.dst_overrides: array expected");
                            message.dst_overrides = [];
                            for (let i = 0; i < object.dst_overrides.length; ++i) {
                                if (!$util.isObject(object.dst_overrides[i]))
                                    throw TypeError(".io.linkerd.proxy.destination.DestinationProfile.dst_overrides: object expected");
                                message.dst_overrides[i] = $root.io.linkerd.proxy.destination.WeightedDst.fromObject(object.dst_overrides[i], long + 1);
                            }
                        }
                        if (object.opaque_protocol != null)
                            message.opaque_protocol = Boolean(object.opaque_protocol);
                        if (object.fully_qualified_name != null)
                            message.fully_qualified_name = String(object.fully_qualified_name);
                        if (object.endpoint != null) {
                            if (!$util.isObject(object.endpoint))
                                throw TypeError(".io.linkerd.proxy.destination.DestinationProfile.endpoint: object expected");
                            message.endpoint = $root.io.linkerd.proxy.destination.WeightedAddr.fromObject(object.endpoint, long + 1);
                        }
                        if (object.parent_ref != null) {
                            if (!$util.isObject(object.parent_ref))
                                throw TypeError(".io.linkerd.proxy.destination.DestinationProfile.parent_ref: object expected");
                            message.parent_ref = $root.io.linkerd.proxy.meta.Metadata.fromObject(object.parent_ref, long + 1);
                        }
                        if (object.profile_ref != null) {
                            if (!$util.isObject(object.profile_ref))
                                throw TypeError(".io.linkerd.proxy.destination.DestinationProfile.profile_ref: object expected");
                            message.profile_ref = $root.io.linkerd.proxy.meta.Metadata.fromObject(object.profile_ref, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a DestinationProfile message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @static
                     * @param {io.linkerd.proxy.destination.DestinationProfile} message DestinationProfile
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    DestinationProfile.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.dst_overrides = [];
                        if (options.defaults) {
                            object.opaque_protocol = false;
                            object.fully_qualified_name = "";
                            object.endpoint = null;
                            object.parent_ref = null;
                            object.profile_ref = null;
                        }
                        if (message.dst_overrides && message.dst_overrides.length) {
                            object.dst_overrides = [];
                            for (let j = 0; j < message.dst_overrides.length; ++j)
                                object.dst_overrides[j] = $root.io.linkerd.proxy.destination.WeightedDst.toObject(message.dst_overrides[j], options, q + 1);
                        }
                        if (message.opaque_protocol != null && Object.hasOwnProperty.call(message, "opaque_protocol"))
                            object.opaque_protocol = message.opaque_protocol;
                        if (message.fully_qualified_name != null && Object.hasOwnProperty.call(message, "fully_qualified_name"))
                            object.fully_qualified_name = message.fully_qualified_name;
                        if (message.endpoint != null && Object.hasOwnProperty.call(message, "endpoint"))
                            object.endpoint = $root.io.linkerd.proxy.destination.WeightedAddr.toObject(message.endpoint, options, q + 1);
                        if (message.parent_ref != null && Object.hasOwnProperty.call(message, "parent_ref"))
                            object.parent_ref = $root.io.linkerd.proxy.meta.Metadata.toObject(message.parent_ref, options, q + 1);
                        if (message.profile_ref != null && Object.hasOwnProperty.call(message, "profile_ref"))
                            object.profile_ref = $root.io.linkerd.proxy.meta.Metadata.toObject(message.profile_ref, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this DestinationProfile to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.DestinationProfile
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    DestinationProfile.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return DestinationProfile;
                })();

                destination.WeightedDst = (function() {

                    /**
                     * Properties of a WeightedDst.
                     * @memberof io.linkerd.proxy.destination
                     * @interface IWeightedDst
                     * @property {string|null} [authority] WeightedDst authority
                     * @property {number|null} [weight] WeightedDst weight
                     * @property {io.linkerd.proxy.meta.IMetadata|null} [backend_ref] WeightedDst backend_ref
                     */

                    /**
                     * Constructs a new WeightedDst.
                     * @memberof io.linkerd.proxy.destination
                     * @classdesc Represents a WeightedDst.
                     * @implements IWeightedDst
                     * @constructor
                     * @param {io.linkerd.proxy.destination.IWeightedDst=} [properties] Properties to set
                     */
                    function WeightedDst(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * WeightedDst authority.
                     * @member {string} authority
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @instance
                     */
                    WeightedDst.prototype.authority = "";

                    /**
                     * WeightedDst weight.
                     * @member {number} weight
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @instance
                     */
                    WeightedDst.prototype.weight = 0;

                    /**
                     * WeightedDst backend_ref.
                     * @member {io.linkerd.proxy.meta.IMetadata|null|undefined} backend_ref
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @instance
                     */
                    WeightedDst.prototype.backend_ref = null;

                    /**
                     * Creates a new WeightedDst instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedDst=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.destination.WeightedDst} WeightedDst instance
                     */
                    WeightedDst.create = function create(properties) {
                        return new WeightedDst(properties);
                    };

                    /**
                     * Encodes the specified WeightedDst message. Does not implicitly {@link io.linkerd.proxy.destination.WeightedDst.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @static
                     * @param {io.linkerd.proxy.destination.IWeightedDst} message WeightedDst message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    WeightedDst.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.authority != null && Object.hasOwnProperty.call(message, "authority"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.authority);
                        if (message.weight != null && Object.hasOwnProperty.call(message, "weight"))
                            writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.weight);
                        if (message.backend_ref != null && Object.hasOwnProperty.call(message, "backend_ref"))
                            $root.io.linkerd.proxy.meta.Metadata.encode(message.backend_ref, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a WeightedDst message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.destination.WeightedDst} WeightedDst
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    WeightedDst.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.destination.WeightedDst();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.authority = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.weight = reader.uint32();
                                    break;
                                }
                            case 3: {
                                    message.backend_ref = $root.io.linkerd.proxy.meta.Metadata.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a WeightedDst message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.destination.WeightedDst} WeightedDst
                     */
                    WeightedDst.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.destination.WeightedDst)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.destination.WeightedDst: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.destination.WeightedDst();
                        if (object.authority != null)
                            message.authority = String(object.authority);
                        if (object.weight != null)
                            message.weight = object.weight >>> 0;
                        if (object.backend_ref != null) {
                            if (!$util.isObject(object.backend_ref))
                                throw TypeError(".io.linkerd.proxy.destination.WeightedDst.backend_ref: object expected");
                            message.backend_ref = $root.io.linkerd.proxy.meta.Metadata.fromObject(object.backend_ref, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a WeightedDst message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @static
                     * @param {io.linkerd.proxy.destination.WeightedDst} message WeightedDst
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    WeightedDst.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.authority = "";
                            object.weight = 0;
                            object.backend_ref = null;
                        }
                        if (message.authority != null && Object.hasOwnProperty.call(message, "authority"))
                            object.authority = message.authority;
                        if (message.weight != null && Object.hasOwnProperty.call(message, "weight"))
                            object.weight = message.weight;
                        if (message.backend_ref != null && Object.hasOwnProperty.call(message, "backend_ref"))
                            object.backend_ref = $root.io.linkerd.proxy.meta.Metadata.toObject(message.backend_ref, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this WeightedDst to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.destination.WeightedDst
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    WeightedDst.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return WeightedDst;
                })();

                return destination;
            })();

            proxy.net = (function() {

                /**
                 * Namespace net.
                 * @memberof io.linkerd.proxy
                 * @namespace
                 */
                const net = {};

                net.IPAddress = (function() {

                    /**
                     * Properties of a IPAddress.
                     * @memberof io.linkerd.proxy.net
                     * @interface IIPAddress
                     * @property {number|null} [ipv4] IPAddress ipv4
                     * @property {io.linkerd.proxy.net.IIPv6|null} [ipv6] IPAddress ipv6
                     */

                    /**
                     * Constructs a new IPAddress.
                     * @memberof io.linkerd.proxy.net
                     * @classdesc Represents a IPAddress.
                     * @implements IIPAddress
                     * @constructor
                     * @param {io.linkerd.proxy.net.IIPAddress=} [properties] Properties to set
                     */
                    function IPAddress(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * IPAddress ipv4.
                     * @member {number|null|undefined} ipv4
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @instance
                     */
                    IPAddress.prototype.ipv4 = null;

                    /**
                     * IPAddress ipv6.
                     * @member {io.linkerd.proxy.net.IIPv6|null|undefined} ipv6
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @instance
                     */
                    IPAddress.prototype.ipv6 = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * IPAddress ip.
                     * @member {"ipv4"|"ipv6"|undefined} ip
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @instance
                     */
                    Object.defineProperty(IPAddress.prototype, "ip", {
                        get: $util.oneOfGetter($oneOfFields = ["ipv4", "ipv6"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new IPAddress instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @static
                     * @param {io.linkerd.proxy.net.IIPAddress=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.net.IPAddress} IPAddress instance
                     */
                    IPAddress.create = function create(properties) {
                        return new IPAddress(properties);
                    };

                    /**
                     * Encodes the specified IPAddress message. Does not implicitly {@link io.linkerd.proxy.net.IPAddress.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @static
                     * @param {io.linkerd.proxy.net.IIPAddress} message IPAddress message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    IPAddress.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.ipv4 != null && Object.hasOwnProperty.call(message, "ipv4"))
                            writer.uint32(/* id 1, wireType 5 =*/13).fixed32(message.ipv4);
                        if (message.ipv6 != null && Object.hasOwnProperty.call(message, "ipv6"))
                            $root.io.linkerd.proxy.net.IPv6.encode(message.ipv6, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a IPAddress message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.net.IPAddress} IPAddress
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    IPAddress.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.net.IPAddress();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.ipv4 = reader.fixed32();
                                    break;
                                }
                            case 2: {
                                    message.ipv6 = $root.io.linkerd.proxy.net.IPv6.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a IPAddress message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.net.IPAddress} IPAddress
                     */
                    IPAddress.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.net.IPAddress)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.net.IPAddress: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.net.IPAddress();
                        if (object.ipv4 != null)
                            message.ipv4 = object.ipv4 >>> 0;
                        if (object.ipv6 != null) {
                            if (!$util.isObject(object.ipv6))
                                throw TypeError(".io.linkerd.proxy.net.IPAddress.ipv6: object expected");
                            message.ipv6 = $root.io.linkerd.proxy.net.IPv6.fromObject(object.ipv6, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a IPAddress message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @static
                     * @param {io.linkerd.proxy.net.IPAddress} message IPAddress
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    IPAddress.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (message.ipv4 != null && Object.hasOwnProperty.call(message, "ipv4")) {
                            object.ipv4 = message.ipv4;
                            if (options.oneofs)
                                object.ip = "ipv4";
                        }
                        if (message.ipv6 != null && Object.hasOwnProperty.call(message, "ipv6")) {
                            object.ipv6 = $root.io.linkerd.proxy.net.IPv6.toObject(message.ipv6, options, q + 1);
                            if (options.oneofs)
                                object.ip = "ipv6";
                        }
                        return object;
                    };

                    /**
                     * Converts this IPAddress to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.net.IPAddress
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    IPAddress.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return IPAddress;
                })();

                net.IPv6 = (function() {

                    /**
                     * Properties of a IPv6.
                     * @memberof io.linkerd.proxy.net
                     * @interface IIPv6
                     * @property {number|Long|null} [first] IPv6 first
                     * @property {number|Long|null} [last] IPv6 last
                     */

                    /**
                     * Constructs a new IPv6.
                     * @memberof io.linkerd.proxy.net
                     * @classdesc Represents a IPv6.
                     * @implements IIPv6
                     * @constructor
                     * @param {io.linkerd.proxy.net.IIPv6=} [properties] Properties to set
                     */
                    function IPv6(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * IPv6 first.
                     * @member {number|Long} first
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @instance
                     */
                    IPv6.prototype.first = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                    /**
                     * IPv6 last.
                     * @member {number|Long} last
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @instance
                     */
                    IPv6.prototype.last = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                    /**
                     * Creates a new IPv6 instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @static
                     * @param {io.linkerd.proxy.net.IIPv6=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.net.IPv6} IPv6 instance
                     */
                    IPv6.create = function create(properties) {
                        return new IPv6(properties);
                    };

                    /**
                     * Encodes the specified IPv6 message. Does not implicitly {@link io.linkerd.proxy.net.IPv6.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @static
                     * @param {io.linkerd.proxy.net.IIPv6} message IPv6 message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    IPv6.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.first != null && Object.hasOwnProperty.call(message, "first"))
                            writer.uint32(/* id 1, wireType 1 =*/9).fixed64(message.first);
                        if (message.last != null && Object.hasOwnProperty.call(message, "last"))
                            writer.uint32(/* id 2, wireType 1 =*/17).fixed64(message.last);
                        return writer;
                    };

                    /**
                     * Decodes a IPv6 message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.net.IPv6} IPv6
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    IPv6.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.net.IPv6();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.first = reader.fixed64();
                                    break;
                                }
                            case 2: {
                                    message.last = reader.fixed64();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a IPv6 message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.net.IPv6} IPv6
                     */
                    IPv6.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.net.IPv6)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.net.IPv6: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.net.IPv6();
                        if (object.first != null)
                            if ($util.Long)
                                message.first = $util.Long.fromValue(object.first, true);
                            else if (typeof object.first === "string")
                                message.first = parseInt(object.first, 10);
                            else if (typeof object.first === "number")
                                message.first = object.first;
                            else if (typeof object.first === "object")
                                message.first = new $util.LongBits(object.first.low >>> 0, object.first.high >>> 0).toNumber(true);
                        if (object.last != null)
                            if ($util.Long)
                                message.last = $util.Long.fromValue(object.last, true);
                            else if (typeof object.last === "string")
                                message.last = parseInt(object.last, 10);
                            else if (typeof object.last === "number")
                                message.last = object.last;
                            else if (typeof object.last === "object")
                                message.last = new $util.LongBits(object.last.low >>> 0, object.last.high >>> 0).toNumber(true);
                        return message;
                    };

                    /**
                     * Creates a plain object from a IPv6 message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @static
                     * @param {io.linkerd.proxy.net.IPv6} message IPv6
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    IPv6.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            if ($util.Long) {
                                let long = new $util.Long(0, 0, true);
                                object.first = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                            } else
                                object.first = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                            if ($util.Long) {
                                let long = new $util.Long(0, 0, true);
                                object.last = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                            } else
                                object.last = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                        }
                        if (message.first != null && Object.hasOwnProperty.call(message, "first"))
                            if (typeof BigInt !== "undefined" && options.longs === BigInt)
                                object.first = typeof message.first === "number" ? BigInt(message.first) : $util.Long.fromBits(message.first.low >>> 0, message.first.high >>> 0, true).toBigInt();
                            else if (typeof message.first === "number")
                                object.first = options.longs === String ? String(message.first) : message.first;
                            else
                                object.first = options.longs === String ? $util.Long.prototype.toString.call(message.first) : options.longs === Number ? new $util.LongBits(message.first.low >>> 0, message.first.high >>> 0).toNumber(true) : message.first;
                        if (message.last != null && Object.hasOwnProperty.call(message, "last"))
                            if (typeof BigInt !== "undefined" && options.longs === BigInt)
                                object.last = typeof message.last === "number" ? BigInt(message.last) : $util.Long.fromBits(message.last.low >>> 0, message.last.high >>> 0, true).toBigInt();
                            else if (typeof message.last === "number")
                                object.last = options.longs === String ? String(message.last) : message.last;
                            else
                                object.last = options.longs === String ? $util.Long.prototype.toString.call(message.last) : options.longs === Number ? new $util.LongBits(message.last.low >>> 0, message.last.high >>> 0).toNumber(true) : message.last;
                        return object;
                    };

                    /**
                     * Converts this IPv6 to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.net.IPv6
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    IPv6.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return IPv6;
                })();

                net.IPNetwork = (function() {

                    /**
                     * Properties of a IPNetwork.
                     * @memberof io.linkerd.proxy.net
                     * @interface IIPNetwork
                     * @property {io.linkerd.proxy.net.IIPAddress|null} [ip] IPNetwork ip
                     * @property {number|null} [prefix_len] IPNetwork prefix_len
                     */

                    /**
                     * Constructs a new IPNetwork.
                     * @memberof io.linkerd.proxy.net
                     * @classdesc Represents a IPNetwork.
                     * @implements IIPNetwork
                     * @constructor
                     * @param {io.linkerd.proxy.net.IIPNetwork=} [properties] Properties to set
                     */
                    function IPNetwork(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * IPNetwork ip.
                     * @member {io.linkerd.proxy.net.IIPAddress|null|undefined} ip
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @instance
                     */
                    IPNetwork.prototype.ip = null;

                    /**
                     * IPNetwork prefix_len.
                     * @member {number} prefix_len
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @instance
                     */
                    IPNetwork.prototype.prefix_len = 0;

                    /**
                     * Creates a new IPNetwork instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @static
                     * @param {io.linkerd.proxy.net.IIPNetwork=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.net.IPNetwork} IPNetwork instance
                     */
                    IPNetwork.create = function create(properties) {
                        return new IPNetwork(properties);
                    };

                    /**
                     * Encodes the specified IPNetwork message. Does not implicitly {@link io.linkerd.proxy.net.IPNetwork.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @static
                     * @param {io.linkerd.proxy.net.IIPNetwork} message IPNetwork message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    IPNetwork.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.ip != null && Object.hasOwnProperty.call(message, "ip"))
                            $root.io.linkerd.proxy.net.IPAddress.encode(message.ip, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.prefix_len != null && Object.hasOwnProperty.call(message, "prefix_len"))
                            writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.prefix_len);
                        return writer;
                    };

                    /**
                     * Decodes a IPNetwork message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.net.IPNetwork} IPNetwork
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    IPNetwork.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.net.IPNetwork();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.ip = $root.io.linkerd.proxy.net.IPAddress.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.prefix_len = reader.uint32();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a IPNetwork message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.net.IPNetwork} IPNetwork
                     */
                    IPNetwork.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.net.IPNetwork)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.net.IPNetwork: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.net.IPNetwork();
                        if (object.ip != null) {
                            if (!$util.isObject(object.ip))
                                throw TypeError(".io.linkerd.proxy.net.IPNetwork.ip: object expected");
                            message.ip = $root.io.linkerd.proxy.net.IPAddress.fromObject(object.ip, long + 1);
                        }
                        if (object.prefix_len != null)
                            message.prefix_len = object.prefix_len >>> 0;
                        return message;
                    };

                    /**
                     * Creates a plain object from a IPNetwork message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @static
                     * @param {io.linkerd.proxy.net.IPNetwork} message IPNetwork
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    IPNetwork.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.ip = null;
                            object.prefix_len = 0;
                        }
                        if (message.ip != null && Object.hasOwnProperty.call(message, "ip"))
                            object.ip = $root.io.linkerd.proxy.net.IPAddress.toObject(message.ip, options, q + 1);
                        if (message.prefix_len != null && Object.hasOwnProperty.call(message, "prefix_len"))
                            object.prefix_len = message.prefix_len;
                        return object;
                    };

                    /**
                     * Converts this IPNetwork to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.net.IPNetwork
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    IPNetwork.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return IPNetwork;
                })();

                net.TcpAddress = (function() {

                    /**
                     * Properties of a TcpAddress.
                     * @memberof io.linkerd.proxy.net
                     * @interface ITcpAddress
                     * @property {io.linkerd.proxy.net.IIPAddress|null} [ip] TcpAddress ip
                     * @property {number|null} [port] TcpAddress port
                     */

                    /**
                     * Constructs a new TcpAddress.
                     * @memberof io.linkerd.proxy.net
                     * @classdesc Represents a TcpAddress.
                     * @implements ITcpAddress
                     * @constructor
                     * @param {io.linkerd.proxy.net.ITcpAddress=} [properties] Properties to set
                     */
                    function TcpAddress(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * TcpAddress ip.
                     * @member {io.linkerd.proxy.net.IIPAddress|null|undefined} ip
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @instance
                     */
                    TcpAddress.prototype.ip = null;

                    /**
                     * TcpAddress port.
                     * @member {number} port
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @instance
                     */
                    TcpAddress.prototype.port = 0;

                    /**
                     * Creates a new TcpAddress instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @static
                     * @param {io.linkerd.proxy.net.ITcpAddress=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.net.TcpAddress} TcpAddress instance
                     */
                    TcpAddress.create = function create(properties) {
                        return new TcpAddress(properties);
                    };

                    /**
                     * Encodes the specified TcpAddress message. Does not implicitly {@link io.linkerd.proxy.net.TcpAddress.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @static
                     * @param {io.linkerd.proxy.net.ITcpAddress} message TcpAddress message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    TcpAddress.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.ip != null && Object.hasOwnProperty.call(message, "ip"))
                            $root.io.linkerd.proxy.net.IPAddress.encode(message.ip, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.port);
                        return writer;
                    };

                    /**
                     * Decodes a TcpAddress message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.net.TcpAddress} TcpAddress
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    TcpAddress.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.net.TcpAddress();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.ip = $root.io.linkerd.proxy.net.IPAddress.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.port = reader.uint32();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a TcpAddress message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.net.TcpAddress} TcpAddress
                     */
                    TcpAddress.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.net.TcpAddress)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.net.TcpAddress: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.net.TcpAddress();
                        if (object.ip != null) {
                            if (!$util.isObject(object.ip))
                                throw TypeError(".io.linkerd.proxy.net.TcpAddress.ip: object expected");
                            message.ip = $root.io.linkerd.proxy.net.IPAddress.fromObject(object.ip, long + 1);
                        }
                        if (object.port != null)
                            message.port = object.port >>> 0;
                        return message;
                    };

                    /**
                     * Creates a plain object from a TcpAddress message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @static
                     * @param {io.linkerd.proxy.net.TcpAddress} message TcpAddress
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    TcpAddress.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.ip = null;
                            object.port = 0;
                        }
                        if (message.ip != null && Object.hasOwnProperty.call(message, "ip"))
                            object.ip = $root.io.linkerd.proxy.net.IPAddress.toObject(message.ip, options, q + 1);
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            object.port = message.port;
                        return object;
                    };

                    /**
                     * Converts this TcpAddress to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.net.TcpAddress
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    TcpAddress.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return TcpAddress;
                })();

                return net;
            })();

            proxy.meta = (function() {

                /**
                 * Namespace meta.
                 * @memberof io.linkerd.proxy
                 * @namespace
                 */
                const meta = {};

                meta.Metadata = (function() {

                    /**
                     * Properties of a Metadata.
                     * @memberof io.linkerd.proxy.meta
                     * @interface IMetadata
                     * @property {string|null} ["default"] Metadata default
                     * @property {io.linkerd.proxy.meta.IResource|null} [resource] Metadata resource
                     */

                    /**
                     * Constructs a new Metadata.
                     * @memberof io.linkerd.proxy.meta
                     * @classdesc Represents a Metadata.
                     * @implements IMetadata
                     * @constructor
                     * @param {io.linkerd.proxy.meta.IMetadata=} [properties] Properties to set
                     */
                    function Metadata(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Metadata default.
                     * @member {string|null|undefined} default
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @instance
                     */
                    Metadata.prototype["default"] = null;

                    /**
                     * Metadata resource.
                     * @member {io.linkerd.proxy.meta.IResource|null|undefined} resource
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @instance
                     */
                    Metadata.prototype.resource = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * Metadata kind.
                     * @member {"default"|"resource"|undefined} kind
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @instance
                     */
                    Object.defineProperty(Metadata.prototype, "kind", {
                        get: $util.oneOfGetter($oneOfFields = ["default", "resource"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new Metadata instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @static
                     * @param {io.linkerd.proxy.meta.IMetadata=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.meta.Metadata} Metadata instance
                     */
                    Metadata.create = function create(properties) {
                        return new Metadata(properties);
                    };

                    /**
                     * Encodes the specified Metadata message. Does not implicitly {@link io.linkerd.proxy.meta.Metadata.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @static
                     * @param {io.linkerd.proxy.meta.IMetadata} message Metadata message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Metadata.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message["default"] != null && Object.hasOwnProperty.call(message, "default"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message["default"]);
                        if (message.resource != null && Object.hasOwnProperty.call(message, "resource"))
                            $root.io.linkerd.proxy.meta.Resource.encode(message.resource, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a Metadata message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.meta.Metadata} Metadata
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Metadata.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.meta.Metadata();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message["default"] = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.resource = $root.io.linkerd.proxy.meta.Resource.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Metadata message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.meta.Metadata} Metadata
                     */
                    Metadata.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.meta.Metadata)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.meta.Metadata: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.meta.Metadata();
                        if (object["default"] != null)
                            message["default"] = String(object["default"]);
                        if (object.resource != null) {
                            if (!$util.isObject(object.resource))
                                throw TypeError(".io.linkerd.proxy.meta.Metadata.resource: object expected");
                            message.resource = $root.io.linkerd.proxy.meta.Resource.fromObject(object.resource, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a Metadata message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @static
                     * @param {io.linkerd.proxy.meta.Metadata} message Metadata
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Metadata.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (message["default"] != null && Object.hasOwnProperty.call(message, "default")) {
                            object["default"] = message["default"];
                            if (options.oneofs)
                                object.kind = "default";
                        }
                        if (message.resource != null && Object.hasOwnProperty.call(message, "resource")) {
                            object.resource = $root.io.linkerd.proxy.meta.Resource.toObject(message.resource, options, q + 1);
                            if (options.oneofs)
                                object.kind = "resource";
                        }
                        return object;
                    };

                    /**
                     * Converts this Metadata to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.meta.Metadata
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Metadata.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Metadata;
                })();

                meta.Resource = (function() {

                    /**
                     * Properties of a Resource.
                     * @memberof io.linkerd.proxy.meta
                     * @interface IResource
                     * @property {string|null} [group] Resource group
                     * @property {string|null} [kind] Resource kind
                     * @property {string|null} [name] Resource name
                     * @property {string|null} [namespace] Resource namespace
                     * @property {string|null} [section] Resource section
                     * @property {number|null} [port] Resource port
                     */

                    /**
                     * Constructs a new Resource.
                     * @memberof io.linkerd.proxy.meta
                     * @classdesc Represents a Resource.
                     * @implements IResource
                     * @constructor
                     * @param {io.linkerd.proxy.meta.IResource=} [properties] Properties to set
                     */
                    function Resource(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Resource group.
                     * @member {string} group
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.group = "";

                    /**
                     * Resource kind.
                     * @member {string} kind
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.kind = "";

                    /**
                     * Resource name.
                     * @member {string} name
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.name = "";

                    /**
                     * Resource namespace.
                     * @member {string} namespace
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.namespace = "";

                    /**
                     * Resource section.
                     * @member {string} section
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.section = "";

                    /**
                     * Resource port.
                     * @member {number} port
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     */
                    Resource.prototype.port = 0;

                    /**
                     * Creates a new Resource instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @static
                     * @param {io.linkerd.proxy.meta.IResource=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.meta.Resource} Resource instance
                     */
                    Resource.create = function create(properties) {
                        return new Resource(properties);
                    };

                    /**
                     * Encodes the specified Resource message. Does not implicitly {@link io.linkerd.proxy.meta.Resource.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @static
                     * @param {io.linkerd.proxy.meta.IResource} message Resource message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Resource.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.group != null && Object.hasOwnProperty.call(message, "group"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.group);
                        if (message.kind != null && Object.hasOwnProperty.call(message, "kind"))
                            writer.uint32(/* id 2, wireType 2 =*/18).string(message.kind);
                        if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                            writer.uint32(/* id 3, wireType 2 =*/26).string(message.name);
                        if (message.namespace != null && Object.hasOwnProperty.call(message, "namespace"))
                            writer.uint32(/* id 4, wireType 2 =*/34).string(message.namespace);
                        if (message.section != null && Object.hasOwnProperty.call(message, "section"))
                            writer.uint32(/* id 5, wireType 2 =*/42).string(message.section);
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.port);
                        return writer;
                    };

                    /**
                     * Decodes a Resource message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.meta.Resource} Resource
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Resource.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.meta.Resource();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.group = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.kind = reader.string();
                                    break;
                                }
                            case 3: {
                                    message.name = reader.string();
                                    break;
                                }
                            case 4: {
                                    message.namespace = reader.string();
                                    break;
                                }
                            case 5: {
                                    message.section = reader.string();
                                    break;
                                }
                            case 6: {
                                    message.port = reader.uint32();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Resource message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.meta.Resource} Resource
                     */
                    Resource.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.meta.Resource)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.meta.Resource: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.meta.Resource();
                        if (object.group != null)
                            message.group = String(object.group);
                        if (object.kind != null)
                            message.kind = String(object.kind);
                        if (object.name != null)
                            message.name = String(object.name);
                        if (object.namespace != null)
                            message.namespace = String(object.namespace);
                        if (object.section != null)
                            message.section = String(object.section);
                        if (object.port != null)
                            message.port = object.port >>> 0;
                        return message;
                    };

                    /**
                     * Creates a plain object from a Resource message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @static
                     * @param {io.linkerd.proxy.meta.Resource} message Resource
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Resource.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.group = "";
                            object.kind = "";
                            object.name = "";
                            object.namespace = "";
                            object.section = "";
                            object.port = 0;
                        }
                        if (message.group != null && Object.hasOwnProperty.call(message, "group"))
                            object.group = message.group;
                        if (message.kind != null && Object.hasOwnProperty.call(message, "kind"))
                            object.kind = message.kind;
                        if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                            object.name = message.name;
                        if (message.namespace != null && Object.hasOwnProperty.call(message, "namespace"))
                            object.namespace = message.namespace;
                        if (message.section != null && Object.hasOwnProperty.call(message, "section"))
                            object.section = message.section;
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            object.port = message.port;
                        return object;
                    };

                    /**
                     * Converts this Resource to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.meta.Resource
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Resource.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Resource;
                })();

                return meta;
            })();

            proxy.inbound = (function() {

                /**
                 * Namespace inbound.
                 * @memberof io.linkerd.proxy
                 * @namespace
                 */
                const inbound = {};

                inbound.PortSpec = (function() {

                    /**
                     * Properties of a PortSpec.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IPortSpec
                     * @property {string|null} [workload] PortSpec workload
                     * @property {number|null} [port] PortSpec port
                     */

                    /**
                     * Constructs a new PortSpec.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents a PortSpec.
                     * @implements IPortSpec
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IPortSpec=} [properties] Properties to set
                     */
                    function PortSpec(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * PortSpec workload.
                     * @member {string} workload
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @instance
                     */
                    PortSpec.prototype.workload = "";

                    /**
                     * PortSpec port.
                     * @member {number} port
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @instance
                     */
                    PortSpec.prototype.port = 0;

                    /**
                     * Creates a new PortSpec instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @static
                     * @param {io.linkerd.proxy.inbound.IPortSpec=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.PortSpec} PortSpec instance
                     */
                    PortSpec.create = function create(properties) {
                        return new PortSpec(properties);
                    };

                    /**
                     * Encodes the specified PortSpec message. Does not implicitly {@link io.linkerd.proxy.inbound.PortSpec.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @static
                     * @param {io.linkerd.proxy.inbound.IPortSpec} message PortSpec message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    PortSpec.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.workload != null && Object.hasOwnProperty.call(message, "workload"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.workload);
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.port);
                        return writer;
                    };

                    /**
                     * Decodes a PortSpec message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.PortSpec} PortSpec
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    PortSpec.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.PortSpec();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.workload = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.port = reader.uint32();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a PortSpec message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.PortSpec} PortSpec
                     */
                    PortSpec.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.PortSpec)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.PortSpec: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.PortSpec();
                        if (object.workload != null)
                            message.workload = String(object.workload);
                        if (object.port != null)
                            message.port = object.port >>> 0;
                        return message;
                    };

                    /**
                     * Creates a plain object from a PortSpec message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @static
                     * @param {io.linkerd.proxy.inbound.PortSpec} message PortSpec
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    PortSpec.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.workload = "";
                            object.port = 0;
                        }
                        if (message.workload != null && Object.hasOwnProperty.call(message, "workload"))
                            object.workload = message.workload;
                        if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                            object.port = message.port;
                        return object;
                    };

                    /**
                     * Converts this PortSpec to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.PortSpec
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    PortSpec.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return PortSpec;
                })();

                inbound.Server = (function() {

                    /**
                     * Properties of a Server.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IServer
                     * @property {io.linkerd.proxy.inbound.IProxyProtocol|null} [protocol] Server protocol
                     * @property {Array.<io.linkerd.proxy.net.IIPAddress>|null} [server_ips] Server server_ips
                     * @property {Array.<io.linkerd.proxy.inbound.IAuthz>|null} [authorizations] Server authorizations
                     * @property {Object.<string,string>|null} [labels] Server labels
                     */

                    /**
                     * Constructs a new Server.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents a Server.
                     * @implements IServer
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IServer=} [properties] Properties to set
                     */
                    function Server(properties) {
                        this.server_ips = [];
                        this.authorizations = [];
                        this.labels = {};
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Server protocol.
                     * @member {io.linkerd.proxy.inbound.IProxyProtocol|null|undefined} protocol
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @instance
                     */
                    Server.prototype.protocol = null;

                    /**
                     * Server server_ips.
                     * @member {Array.<io.linkerd.proxy.net.IIPAddress>} server_ips
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @instance
                     */
                    Server.prototype.server_ips = $util.emptyArray;

                    /**
                     * Server authorizations.
                     * @member {Array.<io.linkerd.proxy.inbound.IAuthz>} authorizations
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @instance
                     */
                    Server.prototype.authorizations = $util.emptyArray;

                    /**
                     * Server labels.
                     * @member {Object.<string,string>} labels
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @instance
                     */
                    Server.prototype.labels = $util.emptyObject;

                    /**
                     * Creates a new Server instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @static
                     * @param {io.linkerd.proxy.inbound.IServer=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.Server} Server instance
                     */
                    Server.create = function create(properties) {
                        return new Server(properties);
                    };

                    /**
                     * Encodes the specified Server message. Does not implicitly {@link io.linkerd.proxy.inbound.Server.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @static
                     * @param {io.linkerd.proxy.inbound.IServer} message Server message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Server.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.encode(message.protocol, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.server_ips != null && message.server_ips.length)
                            for (let i = 0; i < message.server_ips.length; ++i)
                                $root.io.linkerd.proxy.net.IPAddress.encode(message.server_ips[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.authorizations != null && message.authorizations.length)
                            for (let i = 0; i < message.authorizations.length; ++i)
                                $root.io.linkerd.proxy.inbound.Authz.encode(message.authorizations[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        if (message.labels != null && Object.hasOwnProperty.call(message, "labels"))
                            for (let keys = Object.keys(message.labels), i = 0; i < keys.length; ++i)
                                writer.uint32(/* id 4, wireType 2 =*/34).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a Server message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.Server} Server
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Server.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message, key, value;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.Server();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.protocol = $root.io.linkerd.proxy.inbound.ProxyProtocol.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    if (!(message.server_ips && message.server_ips.length))
                                        message.server_ips = [];
                                    message.server_ips.push($root.io.linkerd.proxy.net.IPAddress.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 3: {
                                    if (!(message.authorizations && message.authorizations.length))
                                        message.authorizations = [];
                                    message.authorizations.push($root.io.linkerd.proxy.inbound.Authz.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 4: {
                                    if (message.labels === $util.emptyObject)
                                        message.labels = {};
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    key = "";
                                    value = "";
                                    while (reader.pos < end2) {
                                        let tag2 = reader.uint32();
                                        switch (tag2 >>> 3) {
                                        case 1:
                                            key = reader.string();
                                            break;
                                        case 2:
                                            value = reader.string();
                                            break;
                                        default:
                                            reader.skipType(tag2 & 7, long);
                                            break;
                                        }
                                    }
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                    if (key === "__proto__")
                                        $util.makeProp(message.labels, key);
                                    message.labels[key] = value;
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Server message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.Server} Server
                     */
                    Server.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.Server)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.Server: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.Server();
                        if (object.protocol != null) {
                            if (!$util.isObject(object.protocol))
                                throw TypeError(".io.linkerd.proxy.inbound.Server.protocol: object expected");
                            message.protocol = $root.io.linkerd.proxy.inbound.ProxyProtocol.fromObject(object.protocol, long + 1);
                        }
                        if (object.server_ips) {
                            if (!Array.isArray(object.server_ips))
                                throw TypeError(".io.linkerd.proxy.inbound.Server.server_ips: array expected");
                            message.server_ips = [];
                            for (let i = 0; i < object.server_ips.length; ++i) {
                                if (!$util.isObject(object.server_ips[i]))
                                    throw TypeError(".io.linkerd.proxy.inbound.Server.server_ips: object expected");
                                message.server_ips[i] = $root.io.linkerd.proxy.net.IPAddress.fromObject(object.server_ips[i], long + 1);
                            }
                        }
                        if (object.authorizations) {
                            if (!Array.isArray(object.authorizations))
                                throw TypeError(".io.linkerd.proxy.inbound.Server.authorizations: array expected");
                            message.authorizations = [];
                            for (let i = 0; i < object.authorizations.length; ++i) {
                                if (!$util.isObject(object.authorizations[i]))
                                    throw TypeError(".io.linkerd.proxy.inbound.Server.authorizations: object expected");
                                message.authorizations[i] = $root.io.linkerd.proxy.inbound.Authz.fromObject(object.authorizations[i], long + 1);
                            }
                        }
                        if (object.labels) {
                            if (!$util.isObject(object.labels))
                                throw TypeError(".io.linkerd.proxy.inbound.Server.labels: object expected");
                            message.labels = {};
                            for (let keys = Object.keys(object.labels), i = 0; i < keys.length; ++i) {
                                if (keys[i] === "__proto__")
                                    $util.makeProp(message.labels, keys[i]);
                                message.labels[keys[i]] = String(object.labels[keys[i]]);
                            }
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a Server message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @static
                     * @param {io.linkerd.proxy.inbound.Server} message Server
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Server.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults) {
                            object.server_ips = [];
                            object.authorizations = [];
                        }
                        if (options.objects || options.defaults)
                            object.labels = {};
                        if (options.defaults)
                            object.protocol = null;
                        if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                            object.protocol = $root.io.linkerd.proxy.inbound.ProxyProtocol.toObject(message.protocol, options, q + 1);
                        if (message.server_ips && message.server_ips.length) {
                            object.server_ips = [];
                            for (let j = 0; j < message.server_ips.length; ++j)
                                object.server_ips[j] = $root.io.linkerd.proxy.net.IPAddress.toObject(message.server_ips[j], options, q + 1);
                        }
                        if (message.authorizations && message.authorizations.length) {
                            object.authorizations = [];
                            for (let j = 0; j < message.authorizations.length; ++j)
                                object.authorizations[j] = $root.io.linkerd.proxy.inbound.Authz.toObject(message.authorizations[j], options, q + 1);
                        }
                        let keys2;
                        if (message.labels && (keys2 = Object.keys(message.labels)).length) {
                            object.labels = {};
                            for (let j = 0; j < keys2.length; ++j) {
                                if (keys2[j] === "__proto__")
                                    $util.makeProp(object.labels, keys2[j]);
                                object.labels[keys2[j]] = message.labels[keys2[j]];
                            }
                        }
                        return object;
                    };

                    /**
                     * Converts this Server to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.Server
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Server.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Server;
                })();

                inbound.ProxyProtocol = (function() {

                    /**
                     * Properties of a ProxyProtocol.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IProxyProtocol
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.IDetect|null} [detect] ProxyProtocol detect
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.IOpaque|null} [opaque] ProxyProtocol opaque
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.ITls|null} [tls] ProxyProtocol tls
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.IHttp1|null} [http1] ProxyProtocol http1
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.IHttp2|null} [http2] ProxyProtocol http2
                     * @property {io.linkerd.proxy.inbound.ProxyProtocol.IGrpc|null} [grpc] ProxyProtocol grpc
                     */

                    /**
                     * Constructs a new ProxyProtocol.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents a ProxyProtocol.
                     * @implements IProxyProtocol
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IProxyProtocol=} [properties] Properties to set
                     */
                    function ProxyProtocol(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * ProxyProtocol detect.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.IDetect|null|undefined} detect
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.detect = null;

                    /**
                     * ProxyProtocol opaque.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.IOpaque|null|undefined} opaque
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.opaque = null;

                    /**
                     * ProxyProtocol tls.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.ITls|null|undefined} tls
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.tls = null;

                    /**
                     * ProxyProtocol http1.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.IHttp1|null|undefined} http1
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.http1 = null;

                    /**
                     * ProxyProtocol http2.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.IHttp2|null|undefined} http2
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.http2 = null;

                    /**
                     * ProxyProtocol grpc.
                     * @member {io.linkerd.proxy.inbound.ProxyProtocol.IGrpc|null|undefined} grpc
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    ProxyProtocol.prototype.grpc = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * ProxyProtocol kind.
                     * @member {"detect"|"opaque"|"tls"|"http1"|"http2"|"grpc"|undefined} kind
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     */
                    Object.defineProperty(ProxyProtocol.prototype, "kind", {
                        get: $util.oneOfGetter($oneOfFields = ["detect", "opaque", "tls", "http1", "http2", "grpc"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new ProxyProtocol instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @static
                     * @param {io.linkerd.proxy.inbound.IProxyProtocol=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.ProxyProtocol} ProxyProtocol instance
                     */
                    ProxyProtocol.create = function create(properties) {
                        return new ProxyProtocol(properties);
                    };

                    /**
                     * Encodes the specified ProxyProtocol message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @static
                     * @param {io.linkerd.proxy.inbound.IProxyProtocol} message ProxyProtocol message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    ProxyProtocol.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.detect != null && Object.hasOwnProperty.call(message, "detect"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect.encode(message.detect, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.opaque != null && Object.hasOwnProperty.call(message, "opaque"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque.encode(message.opaque, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.tls != null && Object.hasOwnProperty.call(message, "tls"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls.encode(message.tls, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        if (message.http1 != null && Object.hasOwnProperty.call(message, "http1"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1.encode(message.http1, writer.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                        if (message.http2 != null && Object.hasOwnProperty.call(message, "http2"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2.encode(message.http2, writer.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                        if (message.grpc != null && Object.hasOwnProperty.call(message, "grpc"))
                            $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc.encode(message.grpc, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a ProxyProtocol message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.ProxyProtocol} ProxyProtocol
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    ProxyProtocol.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.ProxyProtocol();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.detect = $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.opaque = $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    message.tls = $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 4: {
                                    message.http1 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 5: {
                                    message.http2 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 6: {
                                    message.grpc = $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a ProxyProtocol message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.ProxyProtocol} ProxyProtocol
                     */
                    ProxyProtocol.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.ProxyProtocol();
                        if (object.detect != null) {
                            if (!$util.isObject(object.detect))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.detect: object expected");
                            message.detect = $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect.fromObject(object.detect, long + 1);
                        }
                        if (object.opaque != null) {
                            if (!$util.isObject(object.opaque))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.opaque: object expected");
                            message.opaque = $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque.fromObject(object.opaque, long + 1);
                        }
                        if (object.tls != null) {
                            if (!$util.isObject(object.tls))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.tls: object expected");
                            message.tls = $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls.fromObject(object.tls, long + 1);
                        }
                        if (object.http1 != null) {
                            if (!$util.isObject(object.http1))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.http1: object expected");
                            message.http1 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1.fromObject(object.http1, long + 1);
                        }
                        if (object.http2 != null) {
                            if (!$util.isObject(object.http2))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.http2: object expected");
                            message.http2 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2.fromObject(object.http2, long + 1);
                        }
                        if (object.grpc != null) {
                            if (!$util.isObject(object.grpc))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.grpc: object expected");
                            message.grpc = $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc.fromObject(object.grpc, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a ProxyProtocol message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @static
                     * @param {io.linkerd.proxy.inbound.ProxyProtocol} message ProxyProtocol
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    ProxyProtocol.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (message.detect != null && Object.hasOwnProperty.call(message, "detect")) {
                            object.detect = $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect.toObject(message.detect, options, q + 1);
                            if (options.oneofs)
                                object.kind = "detect";
                        }
                        if (message.opaque != null && Object.hasOwnProperty.call(message, "opaque")) {
                            object.opaque = $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque.toObject(message.opaque, options, q + 1);
                            if (options.oneofs)
                                object.kind = "opaque";
                        }
                        if (message.tls != null && Object.hasOwnProperty.call(message, "tls")) {
                            object.tls = $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls.toObject(message.tls, options, q + 1);
                            if (options.oneofs)
                                object.kind = "tls";
                        }
                        if (message.http1 != null && Object.hasOwnProperty.call(message, "http1")) {
                            object.http1 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1.toObject(message.http1, options, q + 1);
                            if (options.oneofs)
                                object.kind = "http1";
                        }
                        if (message.http2 != null && Object.hasOwnProperty.call(message, "http2")) {
                            object.http2 = $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2.toObject(message.http2, options, q + 1);
                            if (options.oneofs)
                                object.kind = "http2";
                        }
                        if (message.grpc != null && Object.hasOwnProperty.call(message, "grpc")) {
                            object.grpc = $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc.toObject(message.grpc, options, q + 1);
                            if (options.oneofs)
                                object.kind = "grpc";
                        }
                        return object;
                    };

                    /**
                     * Converts this ProxyProtocol to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    ProxyProtocol.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    ProxyProtocol.Detect = (function() {

                        /**
                         * Properties of a Detect.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface IDetect
                         * @property {google.protobuf.IDuration|null} [timeout] Detect timeout
                         */

                        /**
                         * Constructs a new Detect.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents a Detect.
                         * @implements IDetect
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IDetect=} [properties] Properties to set
                         */
                        function Detect(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Detect timeout.
                         * @member {google.protobuf.IDuration|null|undefined} timeout
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @instance
                         */
                        Detect.prototype.timeout = null;

                        /**
                         * Creates a new Detect instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IDetect=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Detect} Detect instance
                         */
                        Detect.create = function create(properties) {
                            return new Detect(properties);
                        };

                        /**
                         * Encodes the specified Detect message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Detect.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IDetect} message Detect message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Detect.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.timeout != null && Object.hasOwnProperty.call(message, "timeout"))
                                $root.google.protobuf.Duration.encode(message.timeout, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a Detect message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Detect} Detect
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Detect.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.timeout = $root.google.protobuf.Duration.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a Detect message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Detect} Detect
                         */
                        Detect.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect)
                                return object;
                            if (!$util.isObject(object))
                                throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.Detect: object expected");
                            if (long === undefined)
                                long = 0;
                            if (long > $util.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Detect();
                            if (object.timeout != null) {
                                if (!$util.isObject(object.timeout))
                                    throw TypeError(".io.linkerd.proxy.inbound.ProxyProtocol.Detect.timeout: object expected");
                                message.timeout = $root.google.protobuf.Duration.fromObject(object.timeout, long + 1);
                            }
                            return message;
                        };

                        /**
                         * Creates a plain object from a Detect message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Detect} message Detect
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Detect.toObject = function toObject(message, options, q) {
                            if (!options)
                                options = {};
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            let object = {};
                            if (options.defaults)
                                object.timeout = null;
                            if (message.timeout != null && Object.hasOwnProperty.call(message, "timeout"))
                                object.timeout = $root.google.protobuf.Duration.toObject(message.timeout, options, q + 1);
                            return object;
                        };

                        /**
                         * Converts this Detect to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Detect
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Detect.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Detect;
                    })();

                    ProxyProtocol.Opaque = (function() {

                        /**
                         * Properties of an Opaque.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface IOpaque
                         */

                        /**
                         * Constructs a new Opaque.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents an Opaque.
                         * @implements IOpaque
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IOpaque=} [properties] Properties to set
                         */
                        function Opaque(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Opaque instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IOpaque=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Opaque} Opaque instance
                         */
                        Opaque.create = function create(properties) {
                            return new Opaque(properties);
                        };

                        /**
                         * Encodes the specified Opaque message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Opaque.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IOpaque} message Opaque message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Opaque.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes an Opaque message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Opaque} Opaque
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Opaque.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates an Opaque message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Opaque} Opaque
                         */
                        Opaque.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.ProxyProtocol.Opaque();
                        };

                        /**
                         * Creates a plain object from an Opaque message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Opaque} message Opaque
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Opaque.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Opaque to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Opaque
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Opaque.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Opaque;
                    })();

                    ProxyProtocol.Tls = (function() {

                        /**
                         * Properties of a Tls.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface ITls
                         */

                        /**
                         * Constructs a new Tls.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents a Tls.
                         * @implements ITls
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.ITls=} [properties] Properties to set
                         */
                        function Tls(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Tls instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.ITls=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Tls} Tls instance
                         */
                        Tls.create = function create(properties) {
                            return new Tls(properties);
                        };

                        /**
                         * Encodes the specified Tls message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Tls.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.ITls} message Tls message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Tls.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a Tls message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Tls} Tls
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Tls.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a Tls message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Tls} Tls
                         */
                        Tls.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.ProxyProtocol.Tls();
                        };

                        /**
                         * Creates a plain object from a Tls message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Tls} message Tls
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Tls.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Tls to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Tls
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Tls.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Tls;
                    })();

                    ProxyProtocol.Http1 = (function() {

                        /**
                         * Properties of a Http1.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface IHttp1
                         */

                        /**
                         * Constructs a new Http1.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents a Http1.
                         * @implements IHttp1
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp1=} [properties] Properties to set
                         */
                        function Http1(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Http1 instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp1=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http1} Http1 instance
                         */
                        Http1.create = function create(properties) {
                            return new Http1(properties);
                        };

                        /**
                         * Encodes the specified Http1 message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Http1.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp1} message Http1 message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Http1.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a Http1 message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http1} Http1
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Http1.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a Http1 message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http1} Http1
                         */
                        Http1.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.ProxyProtocol.Http1();
                        };

                        /**
                         * Creates a plain object from a Http1 message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Http1} message Http1
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Http1.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Http1 to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http1
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Http1.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Http1;
                    })();

                    ProxyProtocol.Http2 = (function() {

                        /**
                         * Properties of a Http2.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface IHttp2
                         */

                        /**
                         * Constructs a new Http2.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents a Http2.
                         * @implements IHttp2
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp2=} [properties] Properties to set
                         */
                        function Http2(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Http2 instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp2=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http2} Http2 instance
                         */
                        Http2.create = function create(properties) {
                            return new Http2(properties);
                        };

                        /**
                         * Encodes the specified Http2 message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Http2.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IHttp2} message Http2 message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Http2.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a Http2 message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http2} Http2
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Http2.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a Http2 message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Http2} Http2
                         */
                        Http2.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.ProxyProtocol.Http2();
                        };

                        /**
                         * Creates a plain object from a Http2 message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Http2} message Http2
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Http2.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Http2 to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Http2
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Http2.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Http2;
                    })();

                    ProxyProtocol.Grpc = (function() {

                        /**
                         * Properties of a Grpc.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @interface IGrpc
                         */

                        /**
                         * Constructs a new Grpc.
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol
                         * @classdesc Represents a Grpc.
                         * @implements IGrpc
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IGrpc=} [properties] Properties to set
                         */
                        function Grpc(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new Grpc instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IGrpc=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Grpc} Grpc instance
                         */
                        Grpc.create = function create(properties) {
                            return new Grpc(properties);
                        };

                        /**
                         * Encodes the specified Grpc message. Does not implicitly {@link io.linkerd.proxy.inbound.ProxyProtocol.Grpc.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.IGrpc} message Grpc message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Grpc.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a Grpc message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Grpc} Grpc
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Grpc.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a Grpc message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.ProxyProtocol.Grpc} Grpc
                         */
                        Grpc.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.ProxyProtocol.Grpc();
                        };

                        /**
                         * Creates a plain object from a Grpc message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @static
                         * @param {io.linkerd.proxy.inbound.ProxyProtocol.Grpc} message Grpc
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        Grpc.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this Grpc to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.ProxyProtocol.Grpc
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        Grpc.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return Grpc;
                    })();

                    return ProxyProtocol;
                })();

                inbound.Authz = (function() {

                    /**
                     * Properties of an Authz.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IAuthz
                     * @property {Array.<io.linkerd.proxy.inbound.INetwork>|null} [networks] Authz networks
                     * @property {io.linkerd.proxy.inbound.IAuthn|null} [authentication] Authz authentication
                     * @property {Object.<string,string>|null} [labels] Authz labels
                     * @property {io.linkerd.proxy.meta.IMetadata|null} [metadata] Authz metadata
                     */

                    /**
                     * Constructs a new Authz.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents an Authz.
                     * @implements IAuthz
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IAuthz=} [properties] Properties to set
                     */
                    function Authz(properties) {
                        this.networks = [];
                        this.labels = {};
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Authz networks.
                     * @member {Array.<io.linkerd.proxy.inbound.INetwork>} networks
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @instance
                     */
                    Authz.prototype.networks = $util.emptyArray;

                    /**
                     * Authz authentication.
                     * @member {io.linkerd.proxy.inbound.IAuthn|null|undefined} authentication
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @instance
                     */
                    Authz.prototype.authentication = null;

                    /**
                     * Authz labels.
                     * @member {Object.<string,string>} labels
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @instance
                     */
                    Authz.prototype.labels = $util.emptyObject;

                    /**
                     * Authz metadata.
                     * @member {io.linkerd.proxy.meta.IMetadata|null|undefined} metadata
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @instance
                     */
                    Authz.prototype.metadata = null;

                    /**
                     * Creates a new Authz instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @static
                     * @param {io.linkerd.proxy.inbound.IAuthz=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.Authz} Authz instance
                     */
                    Authz.create = function create(properties) {
                        return new Authz(properties);
                    };

                    /**
                     * Encodes the specified Authz message. Does not implicitly {@link io.linkerd.proxy.inbound.Authz.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @static
                     * @param {io.linkerd.proxy.inbound.IAuthz} message Authz message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Authz.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.networks != null && message.networks.length)
                            for (let i = 0; i < message.networks.length; ++i)
                                $root.io.linkerd.proxy.inbound.Network.encode(message.networks[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.authentication != null && Object.hasOwnProperty.call(message, "authentication"))
                            $root.io.linkerd.proxy.inbound.Authn.encode(message.authentication, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.labels != null && Object.hasOwnProperty.call(message, "labels"))
                            for (let keys = Object.keys(message.labels), i = 0; i < keys.length; ++i)
                                writer.uint32(/* id 3, wireType 2 =*/26).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
                        if (message.metadata != null && Object.hasOwnProperty.call(message, "metadata"))
                            $root.io.linkerd.proxy.meta.Metadata.encode(message.metadata, writer.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes an Authz message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.Authz} Authz
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Authz.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message, key, value;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.Authz();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    if (!(message.networks && message.networks.length))
                                        message.networks = [];
                                    message.networks.push($root.io.linkerd.proxy.inbound.Network.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 2: {
                                    message.authentication = $root.io.linkerd.proxy.inbound.Authn.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 3: {
                                    if (message.labels === $util.emptyObject)
                                        message.labels = {};
                                    let end2 = reader.uint32() + reader.pos;
                                    if (end2 > reader.len)
                                        throw RangeError("index out of range");
                                    reader.len = end2;
                                    key = "";
                                    value = "";
                                    while (reader.pos < end2) {
                                        let tag2 = reader.uint32();
                                        switch (tag2 >>> 3) {
                                        case 1:
                                            key = reader.string();
                                            break;
                                        case 2:
                                            value = reader.string();
                                            break;
                                        default:
                                            reader.skipType(tag2 & 7, long);
                                            break;
                                        }
                                    }
                                    if (reader.pos !== end2)
                                        throw RangeError("index out of range");
                                    reader.len = end;
                                    if (key === "__proto__")
                                        $util.makeProp(message.labels, key);
                                    message.labels[key] = value;
                                    break;
                                }
                            case 4: {
                                    message.metadata = $root.io.linkerd.proxy.meta.Metadata.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an Authz message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.Authz} Authz
                     */
                    Authz.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.Authz)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.Authz: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.Authz();
                        if (object.networks) {
                            if (!Array.isArray(object.networks))
                                throw TypeError(".io.linkerd.proxy.inbound.Authz.networks: array expected");
                            message.networks = [];
                            for (let i = 0; i < object.networks.length; ++i) {
                                if (!$util.isObject(object.networks[i]))
                                    throw TypeError(".io.linkerd.proxy.inbound.Authz.networks: object expected");
                                message.networks[i] = $root.io.linkerd.proxy.inbound.Network.fromObject(object.networks[i], long + 1);
                            }
                        }
                        if (object.authentication != null) {
                            if (!$util.isObject(object.authentication))
                                throw TypeError(".io.linkerd.proxy.inbound.Authz.authentication: object expected");
                            message.authentication = $root.io.linkerd.proxy.inbound.Authn.fromObject(object.authentication, long + 1);
                        }
                        if (object.labels) {
                            if (!$util.isObject(object.labels))
                                throw TypeError(".io.linkerd.proxy.inbound.Authz.labels: object expected");
                            message.labels = {};
                            for (let keys = Object.keys(object.labels), i = 0; i < keys.length; ++i) {
                                if (keys[i] === "__proto__")
                                    $util.makeProp(message.labels, keys[i]);
                                message.labels[keys[i]] = String(object.labels[keys[i]]);
                            }
                        }
                        if (object.metadata != null) {
                            if (!$util.isObject(object.metadata))
                                throw TypeError(".io.linkerd.proxy.inbound.Authz.metadata: object expected");
                            message.metadata = $root.io.linkerd.proxy.meta.Metadata.fromObject(object.metadata, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from an Authz message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @static
                     * @param {io.linkerd.proxy.inbound.Authz} message Authz
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Authz.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.networks = [];
                        if (options.objects || options.defaults)
                            object.labels = {};
                        if (options.defaults) {
                            object.authentication = null;
                            object.metadata = null;
                        }
                        if (message.networks && message.networks.length) {
                            object.networks = [];
                            for (let j = 0; j < message.networks.length; ++j)
                                object.networks[j] = $root.io.linkerd.proxy.inbound.Network.toObject(message.networks[j], options, q + 1);
                        }
                        if (message.authentication != null && Object.hasOwnProperty.call(message, "authentication"))
                            object.authentication = $root.io.linkerd.proxy.inbound.Authn.toObject(message.authentication, options, q + 1);
                        let keys2;
                        if (message.labels && (keys2 = Object.keys(message.labels)).length) {
                            object.labels = {};
                            for (let j = 0; j < keys2.length; ++j) {
                                if (keys2[j] === "__proto__")
                                    $util.makeProp(object.labels, keys2[j]);
                                object.labels[keys2[j]] = message.labels[keys2[j]];
                            }
                        }
                        if (message.metadata != null && Object.hasOwnProperty.call(message, "metadata"))
                            object.metadata = $root.io.linkerd.proxy.meta.Metadata.toObject(message.metadata, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this Authz to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.Authz
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Authz.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Authz;
                })();

                inbound.Network = (function() {

                    /**
                     * Properties of a Network.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface INetwork
                     * @property {io.linkerd.proxy.net.IIPNetwork|null} [net] Network net
                     * @property {Array.<io.linkerd.proxy.net.IIPNetwork>|null} [except] Network except
                     */

                    /**
                     * Constructs a new Network.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents a Network.
                     * @implements INetwork
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.INetwork=} [properties] Properties to set
                     */
                    function Network(properties) {
                        this.except = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Network net.
                     * @member {io.linkerd.proxy.net.IIPNetwork|null|undefined} net
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @instance
                     */
                    Network.prototype.net = null;

                    /**
                     * Network except.
                     * @member {Array.<io.linkerd.proxy.net.IIPNetwork>} except
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @instance
                     */
                    Network.prototype.except = $util.emptyArray;

                    /**
                     * Creates a new Network instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @static
                     * @param {io.linkerd.proxy.inbound.INetwork=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.Network} Network instance
                     */
                    Network.create = function create(properties) {
                        return new Network(properties);
                    };

                    /**
                     * Encodes the specified Network message. Does not implicitly {@link io.linkerd.proxy.inbound.Network.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @static
                     * @param {io.linkerd.proxy.inbound.INetwork} message Network message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Network.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.net != null && Object.hasOwnProperty.call(message, "net"))
                            $root.io.linkerd.proxy.net.IPNetwork.encode(message.net, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.except != null && message.except.length)
                            for (let i = 0; i < message.except.length; ++i)
                                $root.io.linkerd.proxy.net.IPNetwork.encode(message.except[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a Network message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.Network} Network
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Network.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.Network();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.net = $root.io.linkerd.proxy.net.IPNetwork.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    if (!(message.except && message.except.length))
                                        message.except = [];
                                    message.except.push($root.io.linkerd.proxy.net.IPNetwork.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Network message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.Network} Network
                     */
                    Network.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.Network)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.Network: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.Network();
                        if (object.net != null) {
                            if (!$util.isObject(object.net))
                                throw TypeError(".io.linkerd.proxy.inbound.Network.net: object expected");
                            message.net = $root.io.linkerd.proxy.net.IPNetwork.fromObject(object.net, long + 1);
                        }
                        if (object.except) {
                            if (!Array.isArray(object.except))
                                throw TypeError(".io.linkerd.proxy.inbound.Network.except: array expected");
                            message.except = [];
                            for (let i = 0; i < object.except.length; ++i) {
                                if (!$util.isObject(object.except[i]))
                                    throw TypeError(".io.linkerd.proxy.inbound.Network.except: object expected");
                                message.except[i] = $root.io.linkerd.proxy.net.IPNetwork.fromObject(object.except[i], long + 1);
                            }
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a Network message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @static
                     * @param {io.linkerd.proxy.inbound.Network} message Network
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Network.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.except = [];
                        if (options.defaults)
                            object.net = null;
                        if (message.net != null && Object.hasOwnProperty.call(message, "net"))
                            object.net = $root.io.linkerd.proxy.net.IPNetwork.toObject(message.net, options, q + 1);
                        if (message.except && message.except.length) {
                            object.except = [];
                            for (let j = 0; j < message.except.length; ++j)
                                object.except[j] = $root.io.linkerd.proxy.net.IPNetwork.toObject(message.except[j], options, q + 1);
                        }
                        return object;
                    };

                    /**
                     * Converts this Network to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.Network
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Network.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Network;
                })();

                inbound.Authn = (function() {

                    /**
                     * Properties of an Authn.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IAuthn
                     * @property {io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated|null} [unauthenticated] Authn unauthenticated
                     * @property {io.linkerd.proxy.inbound.Authn.IPermitMeshTLS|null} [meshTLS] Authn meshTLS
                     */

                    /**
                     * Constructs a new Authn.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents an Authn.
                     * @implements IAuthn
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IAuthn=} [properties] Properties to set
                     */
                    function Authn(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Authn unauthenticated.
                     * @member {io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated|null|undefined} unauthenticated
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @instance
                     */
                    Authn.prototype.unauthenticated = null;

                    /**
                     * Authn meshTLS.
                     * @member {io.linkerd.proxy.inbound.Authn.IPermitMeshTLS|null|undefined} meshTLS
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @instance
                     */
                    Authn.prototype.meshTLS = null;

                    // OneOf field names bound to virtual getters and setters
                    let $oneOfFields;

                    /**
                     * Authn permit.
                     * @member {"unauthenticated"|"meshTLS"|undefined} permit
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @instance
                     */
                    Object.defineProperty(Authn.prototype, "permit", {
                        get: $util.oneOfGetter($oneOfFields = ["unauthenticated", "meshTLS"]),
                        set: $util.oneOfSetter($oneOfFields)
                    });

                    /**
                     * Creates a new Authn instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @static
                     * @param {io.linkerd.proxy.inbound.IAuthn=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.Authn} Authn instance
                     */
                    Authn.create = function create(properties) {
                        return new Authn(properties);
                    };

                    /**
                     * Encodes the specified Authn message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @static
                     * @param {io.linkerd.proxy.inbound.IAuthn} message Authn message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Authn.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.unauthenticated != null && Object.hasOwnProperty.call(message, "unauthenticated"))
                            $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.encode(message.unauthenticated, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                        if (message.meshTLS != null && Object.hasOwnProperty.call(message, "meshTLS"))
                            $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.encode(message.meshTLS, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes an Authn message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.Authn} Authn
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Authn.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.Authn();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            case 2: {
                                    message.meshTLS = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an Authn message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.Authn} Authn
                     */
                    Authn.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.Authn)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.Authn: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.Authn();
                        if (object.unauthenticated != null) {
                            if (!$util.isObject(object.unauthenticated))
                                throw TypeError(".io.linkerd.proxy.inbound.Authn.unauthenticated: object expected");
                            message.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.fromObject(object.unauthenticated, long + 1);
                        }
                        if (object.meshTLS != null) {
                            if (!$util.isObject(object.meshTLS))
                                throw TypeError(".io.linkerd.proxy.inbound.Authn.meshTLS: object expected");
                            message.meshTLS = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.fromObject(object.meshTLS, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from an Authn message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @static
                     * @param {io.linkerd.proxy.inbound.Authn} message Authn
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Authn.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (message.unauthenticated != null && Object.hasOwnProperty.call(message, "unauthenticated")) {
                            object.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.toObject(message.unauthenticated, options, q + 1);
                            if (options.oneofs)
                                object.permit = "unauthenticated";
                        }
                        if (message.meshTLS != null && Object.hasOwnProperty.call(message, "meshTLS")) {
                            object.meshTLS = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.toObject(message.meshTLS, options, q + 1);
                            if (options.oneofs)
                                object.permit = "meshTLS";
                        }
                        return object;
                    };

                    /**
                     * Converts this Authn to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.Authn
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Authn.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    Authn.PermitUnauthenticated = (function() {

                        /**
                         * Properties of a PermitUnauthenticated.
                         * @memberof io.linkerd.proxy.inbound.Authn
                         * @interface IPermitUnauthenticated
                         */

                        /**
                         * Constructs a new PermitUnauthenticated.
                         * @memberof io.linkerd.proxy.inbound.Authn
                         * @classdesc Represents a PermitUnauthenticated.
                         * @implements IPermitUnauthenticated
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated=} [properties] Properties to set
                         */
                        function PermitUnauthenticated(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Creates a new PermitUnauthenticated instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitUnauthenticated} PermitUnauthenticated instance
                         */
                        PermitUnauthenticated.create = function create(properties) {
                            return new PermitUnauthenticated(properties);
                        };

                        /**
                         * Encodes the specified PermitUnauthenticated message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitUnauthenticated.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitUnauthenticated} message PermitUnauthenticated message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        PermitUnauthenticated.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            return writer;
                        };

                        /**
                         * Decodes a PermitUnauthenticated message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitUnauthenticated} PermitUnauthenticated
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        PermitUnauthenticated.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a PermitUnauthenticated message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitUnauthenticated} PermitUnauthenticated
                         */
                        PermitUnauthenticated.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated)
                                return object;
                            return new $root.io.linkerd.proxy.inbound.Authn.PermitUnauthenticated();
                        };

                        /**
                         * Creates a plain object from a PermitUnauthenticated message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.PermitUnauthenticated} message PermitUnauthenticated
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        PermitUnauthenticated.toObject = function toObject() {
                            return {};
                        };

                        /**
                         * Converts this PermitUnauthenticated to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitUnauthenticated
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        PermitUnauthenticated.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        return PermitUnauthenticated;
                    })();

                    Authn.PermitMeshTLS = (function() {

                        /**
                         * Properties of a PermitMeshTLS.
                         * @memberof io.linkerd.proxy.inbound.Authn
                         * @interface IPermitMeshTLS
                         * @property {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated|null} [unauthenticated] PermitMeshTLS unauthenticated
                         * @property {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities|null} [identities] PermitMeshTLS identities
                         */

                        /**
                         * Constructs a new PermitMeshTLS.
                         * @memberof io.linkerd.proxy.inbound.Authn
                         * @classdesc Represents a PermitMeshTLS.
                         * @implements IPermitMeshTLS
                         * @constructor
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitMeshTLS=} [properties] Properties to set
                         */
                        function PermitMeshTLS(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * PermitMeshTLS unauthenticated.
                         * @member {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated|null|undefined} unauthenticated
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @instance
                         */
                        PermitMeshTLS.prototype.unauthenticated = null;

                        /**
                         * PermitMeshTLS identities.
                         * @member {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities|null|undefined} identities
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @instance
                         */
                        PermitMeshTLS.prototype.identities = null;

                        // OneOf field names bound to virtual getters and setters
                        let $oneOfFields;

                        /**
                         * PermitMeshTLS clients.
                         * @member {"unauthenticated"|"identities"|undefined} clients
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @instance
                         */
                        Object.defineProperty(PermitMeshTLS.prototype, "clients", {
                            get: $util.oneOfGetter($oneOfFields = ["unauthenticated", "identities"]),
                            set: $util.oneOfSetter($oneOfFields)
                        });

                        /**
                         * Creates a new PermitMeshTLS instance using the specified properties.
                         * @function create
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitMeshTLS=} [properties] Properties to set
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS} PermitMeshTLS instance
                         */
                        PermitMeshTLS.create = function create(properties) {
                            return new PermitMeshTLS(properties);
                        };

                        /**
                         * Encodes the specified PermitMeshTLS message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.verify|verify} messages.
                         * @function encode
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.IPermitMeshTLS} message PermitMeshTLS message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        PermitMeshTLS.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.unauthenticated != null && Object.hasOwnProperty.call(message, "unauthenticated"))
                                $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.encode(message.unauthenticated, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                            if (message.identities != null && Object.hasOwnProperty.call(message, "identities"))
                                $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.encode(message.identities, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a PermitMeshTLS message from the specified reader or buffer.
                         * @function decode
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS} PermitMeshTLS
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        PermitMeshTLS.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 2: {
                                        message.identities = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        /**
                         * Creates a PermitMeshTLS message from a plain object. Also converts values to their respective internal types.
                         * @function fromObject
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @static
                         * @param {Object.<string,*>} object Plain object
                         * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS} PermitMeshTLS
                         */
                        PermitMeshTLS.fromObject = function fromObject(object, long) {
                            if (object instanceof $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS)
                                return object;
                            if (!$util.isObject(object))
                                throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS: object expected");
                            if (long === undefined)
                                long = 0;
                            if (long > $util.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let message = new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS();
                            if (object.unauthenticated != null) {
                                if (!$util.isObject(object.unauthenticated))
                                    throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.unauthenticated: object expected");
                                message.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.fromObject(object.unauthenticated, long + 1);
                            }
                            if (object.identities != null) {
                                if (!$util.isObject(object.identities))
                                    throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.identities: object expected");
                                message.identities = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.fromObject(object.identities, long + 1);
                            }
                            return message;
                        };

                        /**
                         * Creates a plain object from a PermitMeshTLS message. Also converts values to other types if specified.
                         * @function toObject
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @static
                         * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS} message PermitMeshTLS
                         * @param {$protobuf.IConversionOptions} [options] Conversion options
                         * @returns {Object.<string,*>} Plain object
                         */
                        PermitMeshTLS.toObject = function toObject(message, options, q) {
                            if (!options)
                                options = {};
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            let object = {};
                            if (message.unauthenticated != null && Object.hasOwnProperty.call(message, "unauthenticated")) {
                                object.unauthenticated = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.toObject(message.unauthenticated, options, q + 1);
                                if (options.oneofs)
                                    object.clients = "unauthenticated";
                            }
                            if (message.identities != null && Object.hasOwnProperty.call(message, "identities")) {
                                object.identities = $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.toObject(message.identities, options, q + 1);
                                if (options.oneofs)
                                    object.clients = "identities";
                            }
                            return object;
                        };

                        /**
                         * Converts this PermitMeshTLS to JSON.
                         * @function toJSON
                         * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                         * @instance
                         * @returns {Object.<string,*>} JSON object
                         */
                        PermitMeshTLS.prototype.toJSON = function toJSON() {
                            return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                        };

                        PermitMeshTLS.PermitUnauthenticated = (function() {

                            /**
                             * Properties of a PermitUnauthenticated.
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                             * @interface IPermitUnauthenticated
                             */

                            /**
                             * Constructs a new PermitUnauthenticated.
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                             * @classdesc Represents a PermitUnauthenticated.
                             * @implements IPermitUnauthenticated
                             * @constructor
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated=} [properties] Properties to set
                             */
                            function PermitUnauthenticated(properties) {
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * Creates a new PermitUnauthenticated instance using the specified properties.
                             * @function create
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated=} [properties] Properties to set
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated} PermitUnauthenticated instance
                             */
                            PermitUnauthenticated.create = function create(properties) {
                                return new PermitUnauthenticated(properties);
                            };

                            /**
                             * Encodes the specified PermitUnauthenticated message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated.verify|verify} messages.
                             * @function encode
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitUnauthenticated} message PermitUnauthenticated message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            PermitUnauthenticated.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                return writer;
                            };

                            /**
                             * Decodes a PermitUnauthenticated message from the specified reader or buffer.
                             * @function decode
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated} PermitUnauthenticated
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            PermitUnauthenticated.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            /**
                             * Creates a PermitUnauthenticated message from a plain object. Also converts values to their respective internal types.
                             * @function fromObject
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @static
                             * @param {Object.<string,*>} object Plain object
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated} PermitUnauthenticated
                             */
                            PermitUnauthenticated.fromObject = function fromObject(object, long) {
                                if (object instanceof $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated)
                                    return object;
                                return new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated();
                            };

                            /**
                             * Creates a plain object from a PermitUnauthenticated message. Also converts values to other types if specified.
                             * @function toObject
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated} message PermitUnauthenticated
                             * @param {$protobuf.IConversionOptions} [options] Conversion options
                             * @returns {Object.<string,*>} Plain object
                             */
                            PermitUnauthenticated.toObject = function toObject() {
                                return {};
                            };

                            /**
                             * Converts this PermitUnauthenticated to JSON.
                             * @function toJSON
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitUnauthenticated
                             * @instance
                             * @returns {Object.<string,*>} JSON object
                             */
                            PermitUnauthenticated.prototype.toJSON = function toJSON() {
                                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                            };

                            return PermitUnauthenticated;
                        })();

                        PermitMeshTLS.PermitClientIdentities = (function() {

                            /**
                             * Properties of a PermitClientIdentities.
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                             * @interface IPermitClientIdentities
                             * @property {Array.<io.linkerd.proxy.inbound.IIdentity>|null} [identities] PermitClientIdentities identities
                             * @property {Array.<io.linkerd.proxy.inbound.IIdentitySuffix>|null} [suffixes] PermitClientIdentities suffixes
                             */

                            /**
                             * Constructs a new PermitClientIdentities.
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS
                             * @classdesc Represents a PermitClientIdentities.
                             * @implements IPermitClientIdentities
                             * @constructor
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities=} [properties] Properties to set
                             */
                            function PermitClientIdentities(properties) {
                                this.identities = [];
                                this.suffixes = [];
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * PermitClientIdentities identities.
                             * @member {Array.<io.linkerd.proxy.inbound.IIdentity>} identities
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @instance
                             */
                            PermitClientIdentities.prototype.identities = $util.emptyArray;

                            /**
                             * PermitClientIdentities suffixes.
                             * @member {Array.<io.linkerd.proxy.inbound.IIdentitySuffix>} suffixes
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @instance
                             */
                            PermitClientIdentities.prototype.suffixes = $util.emptyArray;

                            /**
                             * Creates a new PermitClientIdentities instance using the specified properties.
                             * @function create
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities=} [properties] Properties to set
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities} PermitClientIdentities instance
                             */
                            PermitClientIdentities.create = function create(properties) {
                                return new PermitClientIdentities(properties);
                            };

                            /**
                             * Encodes the specified PermitClientIdentities message. Does not implicitly {@link io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.verify|verify} messages.
                             * @function encode
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.IPermitClientIdentities} message PermitClientIdentities message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            PermitClientIdentities.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                if (message.identities != null && message.identities.length)
                                    for (let i = 0; i < message.identities.length; ++i)
                                        $root.io.linkerd.proxy.inbound.Identity.encode(message.identities[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                                if (message.suffixes != null && message.suffixes.length)
                                    for (let i = 0; i < message.suffixes.length; ++i)
                                        $root.io.linkerd.proxy.inbound.IdentitySuffix.encode(message.suffixes[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                                return writer;
                            };

                            /**
                             * Decodes a PermitClientIdentities message from the specified reader or buffer.
                             * @function decode
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities} PermitClientIdentities
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            PermitClientIdentities.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    case 1: {
                                            if (!(message.identities && message.identities.length))
                                                message.identities = [];
                                            message.identities.push($root.io.linkerd.proxy.inbound.Identity.decode(reader, reader.uint32(), undefined, long + 1));
                                            break;
                                        }
                                    case 2: {
                                            if (!(message.suffixes && message.suffixes.length))
                                                message.suffixes = [];
                                            message.suffixes.push($root.io.linkerd.proxy.inbound.IdentitySuffix.decode(reader, reader.uint32(), undefined, long + 1));
                                            break;
                                        }
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            /**
                             * Creates a PermitClientIdentities message from a plain object. Also converts values to their respective internal types.
                             * @function fromObject
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @static
                             * @param {Object.<string,*>} object Plain object
                             * @returns {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities} PermitClientIdentities
                             */
                            PermitClientIdentities.fromObject = function fromObject(object, long) {
                                if (object instanceof $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities)
                                    return object;
                                if (!$util.isObject(object))
                                    throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities: object expected");
                                if (long === undefined)
                                    long = 0;
                                if (long > $util.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let message = new $root.io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities();
                                if (object.identities) {
                                    if (!Array.isArray(object.identities))
                                        throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.identities: array expected");
                                    message.identities = [];
                                    for (let i = 0; i < object.identities.length; ++i) {
                                        if (!$util.isObject(object.identities[i]))
                                            throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.identities: object expected");
                                        message.identities[i] = $root.io.linkerd.proxy.inbound.Identity.fromObject(object.identities[i], long + 1);
                                    }
                                }
                                if (object.suffixes) {
                                    if (!Array.isArray(object.suffixes))
                                        throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.suffixes: array expected");
                                    message.suffixes = [];
                                    for (let i = 0; i < object.suffixes.length; ++i) {
                                        if (!$util.isObject(object.suffixes[i]))
                                            throw TypeError(".io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities.suffixes: object expected");
                                        message.suffixes[i] = $root.io.linkerd.proxy.inbound.IdentitySuffix.fromObject(object.suffixes[i], long + 1);
                                    }
                                }
                                return message;
                            };

                            /**
                             * Creates a plain object from a PermitClientIdentities message. Also converts values to other types if specified.
                             * @function toObject
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @static
                             * @param {io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities} message PermitClientIdentities
                             * @param {$protobuf.IConversionOptions} [options] Conversion options
                             * @returns {Object.<string,*>} Plain object
                             */
                            PermitClientIdentities.toObject = function toObject(message, options, q) {
                                if (!options)
                                    options = {};
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                let object = {};
                                if (options.arrays || options.defaults) {
                                    object.identities = [];
                                    object.suffixes = [];
                                }
                                if (message.identities && message.identities.length) {
                                    object.identities = [];
                                    for (let j = 0; j < message.identities.length; ++j)
                                        object.identities[j] = $root.io.linkerd.proxy.inbound.Identity.toObject(message.identities[j], options, q + 1);
                                }
                                if (message.suffixes && message.suffixes.length) {
                                    object.suffixes = [];
                                    for (let j = 0; j < message.suffixes.length; ++j)
                                        object.suffixes[j] = $root.io.linkerd.proxy.inbound.IdentitySuffix.toObject(message.suffixes[j], options, q + 1);
                                }
                                return object;
                            };

                            /**
                             * Converts this PermitClientIdentities to JSON.
                             * @function toJSON
                             * @memberof io.linkerd.proxy.inbound.Authn.PermitMeshTLS.PermitClientIdentities
                             * @instance
                             * @returns {Object.<string,*>} JSON object
                             */
                            PermitClientIdentities.prototype.toJSON = function toJSON() {
                                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                            };

                            return PermitClientIdentities;
                        })();

                        return PermitMeshTLS;
                    })();

                    return Authn;
                })();

                inbound.Identity = (function() {

                    /**
                     * Properties of an Identity.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IIdentity
                     * @property {string|null} [name] Identity name
                     */

                    /**
                     * Constructs a new Identity.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents an Identity.
                     * @implements IIdentity
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IIdentity=} [properties] Properties to set
                     */
                    function Identity(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Identity name.
                     * @member {string} name
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @instance
                     */
                    Identity.prototype.name = "";

                    /**
                     * Creates a new Identity instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @static
                     * @param {io.linkerd.proxy.inbound.IIdentity=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.Identity} Identity instance
                     */
                    Identity.create = function create(properties) {
                        return new Identity(properties);
                    };

                    /**
                     * Encodes the specified Identity message. Does not implicitly {@link io.linkerd.proxy.inbound.Identity.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @static
                     * @param {io.linkerd.proxy.inbound.IIdentity} message Identity message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Identity.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                        return writer;
                    };

                    /**
                     * Decodes an Identity message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.Identity} Identity
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Identity.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.Identity();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.name = reader.string();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an Identity message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.Identity} Identity
                     */
                    Identity.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.Identity)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.Identity: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.Identity();
                        if (object.name != null)
                            message.name = String(object.name);
                        return message;
                    };

                    /**
                     * Creates a plain object from an Identity message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @static
                     * @param {io.linkerd.proxy.inbound.Identity} message Identity
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Identity.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults)
                            object.name = "";
                        if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                            object.name = message.name;
                        return object;
                    };

                    /**
                     * Converts this Identity to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.Identity
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Identity.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Identity;
                })();

                inbound.IdentitySuffix = (function() {

                    /**
                     * Properties of an IdentitySuffix.
                     * @memberof io.linkerd.proxy.inbound
                     * @interface IIdentitySuffix
                     * @property {Array.<string>|null} [parts] IdentitySuffix parts
                     */

                    /**
                     * Constructs a new IdentitySuffix.
                     * @memberof io.linkerd.proxy.inbound
                     * @classdesc Represents an IdentitySuffix.
                     * @implements IIdentitySuffix
                     * @constructor
                     * @param {io.linkerd.proxy.inbound.IIdentitySuffix=} [properties] Properties to set
                     */
                    function IdentitySuffix(properties) {
                        this.parts = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * IdentitySuffix parts.
                     * @member {Array.<string>} parts
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @instance
                     */
                    IdentitySuffix.prototype.parts = $util.emptyArray;

                    /**
                     * Creates a new IdentitySuffix instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @static
                     * @param {io.linkerd.proxy.inbound.IIdentitySuffix=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.inbound.IdentitySuffix} IdentitySuffix instance
                     */
                    IdentitySuffix.create = function create(properties) {
                        return new IdentitySuffix(properties);
                    };

                    /**
                     * Encodes the specified IdentitySuffix message. Does not implicitly {@link io.linkerd.proxy.inbound.IdentitySuffix.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @static
                     * @param {io.linkerd.proxy.inbound.IIdentitySuffix} message IdentitySuffix message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    IdentitySuffix.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.parts != null && message.parts.length)
                            for (let i = 0; i < message.parts.length; ++i)
                                writer.uint32(/* id 1, wireType 2 =*/10).string(message.parts[i]);
                        return writer;
                    };

                    /**
                     * Decodes an IdentitySuffix message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.inbound.IdentitySuffix} IdentitySuffix
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    IdentitySuffix.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.inbound.IdentitySuffix();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    if (!(message.parts && message.parts.length))
                                        message.parts = [];
                                    message.parts.push(reader.string());
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates an IdentitySuffix message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.inbound.IdentitySuffix} IdentitySuffix
                     */
                    IdentitySuffix.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.inbound.IdentitySuffix)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.inbound.IdentitySuffix: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.inbound.IdentitySuffix();
                        if (object.parts) {
                            if (!Array.isArray(object.parts))
                                throw TypeError(".io.linkerd.proxy.inbound.IdentitySuffix.parts: array expected");
                            message.parts = [];
                            for (let i = 0; i < object.parts.length; ++i)
                                message.parts[i] = String(object.parts[i]);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from an IdentitySuffix message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @static
                     * @param {io.linkerd.proxy.inbound.IdentitySuffix} message IdentitySuffix
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    IdentitySuffix.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.parts = [];
                        if (message.parts && message.parts.length) {
                            object.parts = [];
                            for (let j = 0; j < message.parts.length; ++j)
                                object.parts[j] = message.parts[j];
                        }
                        return object;
                    };

                    /**
                     * Converts this IdentitySuffix to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.inbound.IdentitySuffix
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    IdentitySuffix.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return IdentitySuffix;
                })();

                return inbound;
            })();

            proxy.identity = (function() {

                /**
                 * Namespace identity.
                 * @memberof io.linkerd.proxy
                 * @namespace
                 */
                const identity = {};

                identity.CertifyRequest = (function() {

                    /**
                     * Properties of a CertifyRequest.
                     * @memberof io.linkerd.proxy.identity
                     * @interface ICertifyRequest
                     * @property {string|null} [identity] CertifyRequest identity
                     * @property {Uint8Array|null} [token] CertifyRequest token
                     * @property {Uint8Array|null} [certificate_signing_request] CertifyRequest certificate_signing_request
                     */

                    /**
                     * Constructs a new CertifyRequest.
                     * @memberof io.linkerd.proxy.identity
                     * @classdesc Represents a CertifyRequest.
                     * @implements ICertifyRequest
                     * @constructor
                     * @param {io.linkerd.proxy.identity.ICertifyRequest=} [properties] Properties to set
                     */
                    function CertifyRequest(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * CertifyRequest identity.
                     * @member {string} identity
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @instance
                     */
                    CertifyRequest.prototype.identity = "";

                    /**
                     * CertifyRequest token.
                     * @member {Uint8Array} token
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @instance
                     */
                    CertifyRequest.prototype.token = $util.newBuffer([]);

                    /**
                     * CertifyRequest certificate_signing_request.
                     * @member {Uint8Array} certificate_signing_request
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @instance
                     */
                    CertifyRequest.prototype.certificate_signing_request = $util.newBuffer([]);

                    /**
                     * Creates a new CertifyRequest instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @static
                     * @param {io.linkerd.proxy.identity.ICertifyRequest=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.identity.CertifyRequest} CertifyRequest instance
                     */
                    CertifyRequest.create = function create(properties) {
                        return new CertifyRequest(properties);
                    };

                    /**
                     * Encodes the specified CertifyRequest message. Does not implicitly {@link io.linkerd.proxy.identity.CertifyRequest.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @static
                     * @param {io.linkerd.proxy.identity.ICertifyRequest} message CertifyRequest message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    CertifyRequest.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.identity != null && Object.hasOwnProperty.call(message, "identity"))
                            writer.uint32(/* id 1, wireType 2 =*/10).string(message.identity);
                        if (message.token != null && Object.hasOwnProperty.call(message, "token"))
                            writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.token);
                        if (message.certificate_signing_request != null && Object.hasOwnProperty.call(message, "certificate_signing_request"))
                            writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.certificate_signing_request);
                        return writer;
                    };

                    /**
                     * Decodes a CertifyRequest message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.identity.CertifyRequest} CertifyRequest
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    CertifyRequest.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.identity.CertifyRequest();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.identity = reader.string();
                                    break;
                                }
                            case 2: {
                                    message.token = reader.bytes();
                                    break;
                                }
                            case 3: {
                                    message.certificate_signing_request = reader.bytes();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a CertifyRequest message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.identity.CertifyRequest} CertifyRequest
                     */
                    CertifyRequest.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.identity.CertifyRequest)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.identity.CertifyRequest: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.identity.CertifyRequest();
                        if (object.identity != null)
                            message.identity = String(object.identity);
                        if (object.token != null)
                            if (typeof object.token === "string")
                                $util.base64.decode(object.token, message.token = $util.newBuffer($util.base64.length(object.token)), 0);
                            else if (object.token.length >= 0)
                                message.token = object.token;
                        if (object.certificate_signing_request != null)
                            if (typeof object.certificate_signing_request === "string")
                                $util.base64.decode(object.certificate_signing_request, message.certificate_signing_request = $util.newBuffer($util.base64.length(object.certificate_signing_request)), 0);
                            else if (object.certificate_signing_request.length >= 0)
                                message.certificate_signing_request = object.certificate_signing_request;
                        return message;
                    };

                    /**
                     * Creates a plain object from a CertifyRequest message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @static
                     * @param {io.linkerd.proxy.identity.CertifyRequest} message CertifyRequest
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    CertifyRequest.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.defaults) {
                            object.identity = "";
                            if (options.bytes === String)
                                object.token = "";
                            else {
                                object.token = [];
                                if (options.bytes !== Array)
                                    object.token = $util.newBuffer(object.token);
                            }
                            if (options.bytes === String)
                                object.certificate_signing_request = "";
                            else {
                                object.certificate_signing_request = [];
                                if (options.bytes !== Array)
                                    object.certificate_signing_request = $util.newBuffer(object.certificate_signing_request);
                            }
                        }
                        if (message.identity != null && Object.hasOwnProperty.call(message, "identity"))
                            object.identity = message.identity;
                        if (message.token != null && Object.hasOwnProperty.call(message, "token"))
                            object.token = options.bytes === String ? $util.base64.encode(message.token, 0, message.token.length) : options.bytes === Array ? Array.prototype.slice.call(message.token) : message.token;
                        if (message.certificate_signing_request != null && Object.hasOwnProperty.call(message, "certificate_signing_request"))
                            object.certificate_signing_request = options.bytes === String ? $util.base64.encode(message.certificate_signing_request, 0, message.certificate_signing_request.length) : options.bytes === Array ? Array.prototype.slice.call(message.certificate_signing_request) : message.certificate_signing_request;
                        return object;
                    };

                    /**
                     * Converts this CertifyRequest to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.identity.CertifyRequest
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    CertifyRequest.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return CertifyRequest;
                })();

                identity.CertifyResponse = (function() {

                    /**
                     * Properties of a CertifyResponse.
                     * @memberof io.linkerd.proxy.identity
                     * @interface ICertifyResponse
                     * @property {Uint8Array|null} [leaf_certificate] CertifyResponse leaf_certificate
                     * @property {Array.<Uint8Array>|null} [intermediate_certificates] CertifyResponse intermediate_certificates
                     * @property {google.protobuf.ITimestamp|null} [valid_until] CertifyResponse valid_until
                     */

                    /**
                     * Constructs a new CertifyResponse.
                     * @memberof io.linkerd.proxy.identity
                     * @classdesc Represents a CertifyResponse.
                     * @implements ICertifyResponse
                     * @constructor
                     * @param {io.linkerd.proxy.identity.ICertifyResponse=} [properties] Properties to set
                     */
                    function CertifyResponse(properties) {
                        this.intermediate_certificates = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * CertifyResponse leaf_certificate.
                     * @member {Uint8Array} leaf_certificate
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @instance
                     */
                    CertifyResponse.prototype.leaf_certificate = $util.newBuffer([]);

                    /**
                     * CertifyResponse intermediate_certificates.
                     * @member {Array.<Uint8Array>} intermediate_certificates
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @instance
                     */
                    CertifyResponse.prototype.intermediate_certificates = $util.emptyArray;

                    /**
                     * CertifyResponse valid_until.
                     * @member {google.protobuf.ITimestamp|null|undefined} valid_until
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @instance
                     */
                    CertifyResponse.prototype.valid_until = null;

                    /**
                     * Creates a new CertifyResponse instance using the specified properties.
                     * @function create
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @static
                     * @param {io.linkerd.proxy.identity.ICertifyResponse=} [properties] Properties to set
                     * @returns {io.linkerd.proxy.identity.CertifyResponse} CertifyResponse instance
                     */
                    CertifyResponse.create = function create(properties) {
                        return new CertifyResponse(properties);
                    };

                    /**
                     * Encodes the specified CertifyResponse message. Does not implicitly {@link io.linkerd.proxy.identity.CertifyResponse.verify|verify} messages.
                     * @function encode
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @static
                     * @param {io.linkerd.proxy.identity.ICertifyResponse} message CertifyResponse message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    CertifyResponse.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.leaf_certificate != null && Object.hasOwnProperty.call(message, "leaf_certificate"))
                            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.leaf_certificate);
                        if (message.intermediate_certificates != null && message.intermediate_certificates.length)
                            for (let i = 0; i < message.intermediate_certificates.length; ++i)
                                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.intermediate_certificates[i]);
                        if (message.valid_until != null && Object.hasOwnProperty.call(message, "valid_until"))
                            $root.google.protobuf.Timestamp.encode(message.valid_until, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                        return writer;
                    };

                    /**
                     * Decodes a CertifyResponse message from the specified reader or buffer.
                     * @function decode
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {io.linkerd.proxy.identity.CertifyResponse} CertifyResponse
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    CertifyResponse.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.io.linkerd.proxy.identity.CertifyResponse();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.leaf_certificate = reader.bytes();
                                    break;
                                }
                            case 2: {
                                    if (!(message.intermediate_certificates && message.intermediate_certificates.length))
                                        message.intermediate_certificates = [];
                                    message.intermediate_certificates.push(reader.bytes());
                                    break;
                                }
                            case 3: {
                                    message.valid_until = $root.google.protobuf.Timestamp.decode(reader, reader.uint32(), undefined, long + 1);
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a CertifyResponse message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {io.linkerd.proxy.identity.CertifyResponse} CertifyResponse
                     */
                    CertifyResponse.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.io.linkerd.proxy.identity.CertifyResponse)
                            return object;
                        if (!$util.isObject(object))
                            throw TypeError(".io.linkerd.proxy.identity.CertifyResponse: object expected");
                        if (long === undefined)
                            long = 0;
                        if (long > $util.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let message = new $root.io.linkerd.proxy.identity.CertifyResponse();
                        if (object.leaf_certificate != null)
                            if (typeof object.leaf_certificate === "string")
                                $util.base64.decode(object.leaf_certificate, message.leaf_certificate = $util.newBuffer($util.base64.length(object.leaf_certificate)), 0);
                            else if (object.leaf_certificate.length >= 0)
                                message.leaf_certificate = object.leaf_certificate;
                        if (object.intermediate_certificates) {
                            if (!Array.isArray(object.intermediate_certificates))
                                throw TypeError(".io.linkerd.proxy.identity.CertifyResponse.intermediate_certificates: array expected");
                            message.intermediate_certificates = [];
                            for (let i = 0; i < object.intermediate_certificates.length; ++i)
                                if (typeof object.intermediate_certificates[i] === "string")
                                    $util.base64.decode(object.intermediate_certificates[i], message.intermediate_certificates[i] = $util.newBuffer($util.base64.length(object.intermediate_certificates[i])), 0);
                                else if (object.intermediate_certificates[i].length >= 0)
                                    message.intermediate_certificates[i] = object.intermediate_certificates[i];
                        }
                        if (object.valid_until != null) {
                            if (!$util.isObject(object.valid_until))
                                throw TypeError(".io.linkerd.proxy.identity.CertifyResponse.valid_until: object expected");
                            message.valid_until = $root.google.protobuf.Timestamp.fromObject(object.valid_until, long + 1);
                        }
                        return message;
                    };

                    /**
                     * Creates a plain object from a CertifyResponse message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @static
                     * @param {io.linkerd.proxy.identity.CertifyResponse} message CertifyResponse
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    CertifyResponse.toObject = function toObject(message, options, q) {
                        if (!options)
                            options = {};
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        let object = {};
                        if (options.arrays || options.defaults)
                            object.intermediate_certificates = [];
                        if (options.defaults) {
                            if (options.bytes === String)
                                object.leaf_certificate = "";
                            else {
                                object.leaf_certificate = [];
                                if (options.bytes !== Array)
                                    object.leaf_certificate = $util.newBuffer(object.leaf_certificate);
                            }
                            object.valid_until = null;
                        }
                        if (message.leaf_certificate != null && Object.hasOwnProperty.call(message, "leaf_certificate"))
                            object.leaf_certificate = options.bytes === String ? $util.base64.encode(message.leaf_certificate, 0, message.leaf_certificate.length) : options.bytes === Array ? Array.prototype.slice.call(message.leaf_certificate) : message.leaf_certificate;
                        if (message.intermediate_certificates && message.intermediate_certificates.length) {
                            object.intermediate_certificates = [];
                            for (let j = 0; j < message.intermediate_certificates.length; ++j)
                                object.intermediate_certificates[j] = options.bytes === String ? $util.base64.encode(message.intermediate_certificates[j], 0, message.intermediate_certificates[j].length) : options.bytes === Array ? Array.prototype.slice.call(message.intermediate_certificates[j]) : message.intermediate_certificates[j];
                        }
                        if (message.valid_until != null && Object.hasOwnProperty.call(message, "valid_until"))
                            object.valid_until = $root.google.protobuf.Timestamp.toObject(message.valid_until, options, q + 1);
                        return object;
                    };

                    /**
                     * Converts this CertifyResponse to JSON.
                     * @function toJSON
                     * @memberof io.linkerd.proxy.identity.CertifyResponse
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    CertifyResponse.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return CertifyResponse;
                })();

                return identity;
            })();

            return proxy;
        })();

        return linkerd;
    })();

    return io;
})();

export const google = $root.google = (() => {

    /**
     * Namespace google.
     * @exports google
     * @namespace
     */
    const google = {};

    google.protobuf = (function() {

        /**
         * Namespace protobuf.
         * @memberof google
         * @namespace
         */
        const protobuf = {};

        protobuf.Duration = (function() {

            /**
             * Properties of a Duration.
             * @memberof google.protobuf
             * @interface IDuration
             * @property {number|Long|null} [seconds] Duration seconds
             * @property {number|null} [nanos] Duration nanos
             */

            /**
             * Constructs a new Duration.
             * @memberof google.protobuf
             * @classdesc Represents a Duration.
             * @implements IDuration
             * @constructor
             * @param {google.protobuf.IDuration=} [properties] Properties to set
             */
            function Duration(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * Duration seconds.
             * @member {number|Long} seconds
             * @memberof google.protobuf.Duration
             * @instance
             */
            Duration.prototype.seconds = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Duration nanos.
             * @member {number} nanos
             * @memberof google.protobuf.Duration
             * @instance
             */
            Duration.prototype.nanos = 0;

            /**
             * Creates a new Duration instance using the specified properties.
             * @function create
             * @memberof google.protobuf.Duration
             * @static
             * @param {google.protobuf.IDuration=} [properties] Properties to set
             * @returns {google.protobuf.Duration} Duration instance
             */
            Duration.create = function create(properties) {
                return new Duration(properties);
            };

            /**
             * Encodes the specified Duration message. Does not implicitly {@link google.protobuf.Duration.verify|verify} messages.
             * @function encode
             * @memberof google.protobuf.Duration
             * @static
             * @param {google.protobuf.IDuration} message Duration message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Duration.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.seconds != null && Object.hasOwnProperty.call(message, "seconds"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seconds);
                if (message.nanos != null && Object.hasOwnProperty.call(message, "nanos"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.nanos);
                return writer;
            };

            /**
             * Decodes a Duration message from the specified reader or buffer.
             * @function decode
             * @memberof google.protobuf.Duration
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {google.protobuf.Duration} Duration
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Duration.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.google.protobuf.Duration();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.seconds = reader.int64();
                            break;
                        }
                    case 2: {
                            message.nanos = reader.int32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            /**
             * Creates a Duration message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof google.protobuf.Duration
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {google.protobuf.Duration} Duration
             */
            Duration.fromObject = function fromObject(object, long) {
                if (object instanceof $root.google.protobuf.Duration)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".google.protobuf.Duration: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.google.protobuf.Duration();
                if (object.seconds != null)
                    if ($util.Long)
                        message.seconds = $util.Long.fromValue(object.seconds, false);
                    else if (typeof object.seconds === "string")
                        message.seconds = parseInt(object.seconds, 10);
                    else if (typeof object.seconds === "number")
                        message.seconds = object.seconds;
                    else if (typeof object.seconds === "object")
                        message.seconds = new $util.LongBits(object.seconds.low >>> 0, object.seconds.high >>> 0).toNumber();
                if (object.nanos != null)
                    message.nanos = object.nanos | 0;
                return message;
            };

            /**
             * Creates a plain object from a Duration message. Also converts values to other types if specified.
             * @function toObject
             * @memberof google.protobuf.Duration
             * @static
             * @param {google.protobuf.Duration} message Duration
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Duration.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seconds = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.seconds = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.nanos = 0;
                }
                if (message.seconds != null && Object.hasOwnProperty.call(message, "seconds"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.seconds = typeof message.seconds === "number" ? BigInt(message.seconds) : $util.Long.fromBits(message.seconds.low >>> 0, message.seconds.high >>> 0, false).toBigInt();
                    else if (typeof message.seconds === "number")
                        object.seconds = options.longs === String ? String(message.seconds) : message.seconds;
                    else
                        object.seconds = options.longs === String ? $util.Long.prototype.toString.call(message.seconds) : options.longs === Number ? new $util.LongBits(message.seconds.low >>> 0, message.seconds.high >>> 0).toNumber() : message.seconds;
                if (message.nanos != null && Object.hasOwnProperty.call(message, "nanos"))
                    object.nanos = message.nanos;
                return object;
            };

            /**
             * Converts this Duration to JSON.
             * @function toJSON
             * @memberof google.protobuf.Duration
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Duration.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Duration;
        })();

        protobuf.Timestamp = (function() {

            /**
             * Properties of a Timestamp.
             * @memberof google.protobuf
             * @interface ITimestamp
             * @property {number|Long|null} [seconds] Timestamp seconds
             * @property {number|null} [nanos] Timestamp nanos
             */

            /**
             * Constructs a new Timestamp.
             * @memberof google.protobuf
             * @classdesc Represents a Timestamp.
             * @implements ITimestamp
             * @constructor
             * @param {google.protobuf.ITimestamp=} [properties] Properties to set
             */
            function Timestamp(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * Timestamp seconds.
             * @member {number|Long} seconds
             * @memberof google.protobuf.Timestamp
             * @instance
             */
            Timestamp.prototype.seconds = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Timestamp nanos.
             * @member {number} nanos
             * @memberof google.protobuf.Timestamp
             * @instance
             */
            Timestamp.prototype.nanos = 0;

            /**
             * Creates a new Timestamp instance using the specified properties.
             * @function create
             * @memberof google.protobuf.Timestamp
             * @static
             * @param {google.protobuf.ITimestamp=} [properties] Properties to set
             * @returns {google.protobuf.Timestamp} Timestamp instance
             */
            Timestamp.create = function create(properties) {
                return new Timestamp(properties);
            };

            /**
             * Encodes the specified Timestamp message. Does not implicitly {@link google.protobuf.Timestamp.verify|verify} messages.
             * @function encode
             * @memberof google.protobuf.Timestamp
             * @static
             * @param {google.protobuf.ITimestamp} message Timestamp message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Timestamp.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.seconds != null && Object.hasOwnProperty.call(message, "seconds"))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seconds);
                if (message.nanos != null && Object.hasOwnProperty.call(message, "nanos"))
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.nanos);
                return writer;
            };

            /**
             * Decodes a Timestamp message from the specified reader or buffer.
             * @function decode
             * @memberof google.protobuf.Timestamp
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {google.protobuf.Timestamp} Timestamp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Timestamp.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.google.protobuf.Timestamp();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.seconds = reader.int64();
                            break;
                        }
                    case 2: {
                            message.nanos = reader.int32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            /**
             * Creates a Timestamp message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof google.protobuf.Timestamp
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {google.protobuf.Timestamp} Timestamp
             */
            Timestamp.fromObject = function fromObject(object, long) {
                if (object instanceof $root.google.protobuf.Timestamp)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".google.protobuf.Timestamp: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.google.protobuf.Timestamp();
                if (object.seconds != null)
                    if ($util.Long)
                        message.seconds = $util.Long.fromValue(object.seconds, false);
                    else if (typeof object.seconds === "string")
                        message.seconds = parseInt(object.seconds, 10);
                    else if (typeof object.seconds === "number")
                        message.seconds = object.seconds;
                    else if (typeof object.seconds === "object")
                        message.seconds = new $util.LongBits(object.seconds.low >>> 0, object.seconds.high >>> 0).toNumber();
                if (object.nanos != null)
                    message.nanos = object.nanos | 0;
                return message;
            };

            /**
             * Creates a plain object from a Timestamp message. Also converts values to other types if specified.
             * @function toObject
             * @memberof google.protobuf.Timestamp
             * @static
             * @param {google.protobuf.Timestamp} message Timestamp
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Timestamp.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seconds = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.seconds = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.nanos = 0;
                }
                if (message.seconds != null && Object.hasOwnProperty.call(message, "seconds"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.seconds = typeof message.seconds === "number" ? BigInt(message.seconds) : $util.Long.fromBits(message.seconds.low >>> 0, message.seconds.high >>> 0, false).toBigInt();
                    else if (typeof message.seconds === "number")
                        object.seconds = options.longs === String ? String(message.seconds) : message.seconds;
                    else
                        object.seconds = options.longs === String ? $util.Long.prototype.toString.call(message.seconds) : options.longs === Number ? new $util.LongBits(message.seconds.low >>> 0, message.seconds.high >>> 0).toNumber() : message.seconds;
                if (message.nanos != null && Object.hasOwnProperty.call(message, "nanos"))
                    object.nanos = message.nanos;
                return object;
            };

            /**
             * Converts this Timestamp to JSON.
             * @function toJSON
             * @memberof google.protobuf.Timestamp
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Timestamp.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Timestamp;
        })();

        return protobuf;
    })();

    return google;
})();

export const transport = $root.transport = (() => {

    /**
     * Namespace transport.
     * @exports transport
     * @namespace
     */
    const transport = {};

    transport.l5d = (function() {

        /**
         * Namespace l5d.
         * @memberof transport
         * @namespace
         */
        const l5d = {};

        l5d.io = (function() {

            /**
             * Namespace io.
             * @memberof transport.l5d
             * @namespace
             */
            const io = {};

            io.Header = (function() {

                /**
                 * Properties of a Header.
                 * @memberof transport.l5d.io
                 * @interface IHeader
                 * @property {number|null} [port] Header port
                 * @property {string|null} [name] Header name
                 * @property {transport.l5d.io.ISessionProtocol|null} [session_protocol] Header session_protocol
                 */

                /**
                 * Constructs a new Header.
                 * @memberof transport.l5d.io
                 * @classdesc Represents a Header.
                 * @implements IHeader
                 * @constructor
                 * @param {transport.l5d.io.IHeader=} [properties] Properties to set
                 */
                function Header(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * Header port.
                 * @member {number} port
                 * @memberof transport.l5d.io.Header
                 * @instance
                 */
                Header.prototype.port = 0;

                /**
                 * Header name.
                 * @member {string} name
                 * @memberof transport.l5d.io.Header
                 * @instance
                 */
                Header.prototype.name = "";

                /**
                 * Header session_protocol.
                 * @member {transport.l5d.io.ISessionProtocol|null|undefined} session_protocol
                 * @memberof transport.l5d.io.Header
                 * @instance
                 */
                Header.prototype.session_protocol = null;

                /**
                 * Creates a new Header instance using the specified properties.
                 * @function create
                 * @memberof transport.l5d.io.Header
                 * @static
                 * @param {transport.l5d.io.IHeader=} [properties] Properties to set
                 * @returns {transport.l5d.io.Header} Header instance
                 */
                Header.create = function create(properties) {
                    return new Header(properties);
                };

                /**
                 * Encodes the specified Header message. Does not implicitly {@link transport.l5d.io.Header.verify|verify} messages.
                 * @function encode
                 * @memberof transport.l5d.io.Header
                 * @static
                 * @param {transport.l5d.io.IHeader} message Header message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Header.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                        writer.uint32(/* id 1, wireType 0 =*/8).int32(message.port);
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.name);
                    if (message.session_protocol != null && Object.hasOwnProperty.call(message, "session_protocol"))
                        $root.transport.l5d.io.SessionProtocol.encode(message.session_protocol, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a Header message from the specified reader or buffer.
                 * @function decode
                 * @memberof transport.l5d.io.Header
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {transport.l5d.io.Header} Header
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Header.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.transport.l5d.io.Header();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.port = reader.int32();
                                break;
                            }
                        case 2: {
                                message.name = reader.string();
                                break;
                            }
                        case 3: {
                                message.session_protocol = $root.transport.l5d.io.SessionProtocol.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Creates a Header message from a plain object. Also converts values to their respective internal types.
                 * @function fromObject
                 * @memberof transport.l5d.io.Header
                 * @static
                 * @param {Object.<string,*>} object Plain object
                 * @returns {transport.l5d.io.Header} Header
                 */
                Header.fromObject = function fromObject(object, long) {
                    if (object instanceof $root.transport.l5d.io.Header)
                        return object;
                    if (!$util.isObject(object))
                        throw TypeError(".transport.l5d.io.Header: object expected");
                    if (long === undefined)
                        long = 0;
                    if (long > $util.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let message = new $root.transport.l5d.io.Header();
                    if (object.port != null)
                        message.port = object.port | 0;
                    if (object.name != null)
                        message.name = String(object.name);
                    if (object.session_protocol != null) {
                        if (!$util.isObject(object.session_protocol))
                            throw TypeError(".transport.l5d.io.Header.session_protocol: object expected");
                        message.session_protocol = $root.transport.l5d.io.SessionProtocol.fromObject(object.session_protocol, long + 1);
                    }
                    return message;
                };

                /**
                 * Creates a plain object from a Header message. Also converts values to other types if specified.
                 * @function toObject
                 * @memberof transport.l5d.io.Header
                 * @static
                 * @param {transport.l5d.io.Header} message Header
                 * @param {$protobuf.IConversionOptions} [options] Conversion options
                 * @returns {Object.<string,*>} Plain object
                 */
                Header.toObject = function toObject(message, options, q) {
                    if (!options)
                        options = {};
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    let object = {};
                    if (options.defaults) {
                        object.port = 0;
                        object.name = "";
                        object.session_protocol = null;
                    }
                    if (message.port != null && Object.hasOwnProperty.call(message, "port"))
                        object.port = message.port;
                    if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                        object.name = message.name;
                    if (message.session_protocol != null && Object.hasOwnProperty.call(message, "session_protocol"))
                        object.session_protocol = $root.transport.l5d.io.SessionProtocol.toObject(message.session_protocol, options, q + 1);
                    return object;
                };

                /**
                 * Converts this Header to JSON.
                 * @function toJSON
                 * @memberof transport.l5d.io.Header
                 * @instance
                 * @returns {Object.<string,*>} JSON object
                 */
                Header.prototype.toJSON = function toJSON() {
                    return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                };

                return Header;
            })();

            io.SessionProtocol = (function() {

                /**
                 * Properties of a SessionProtocol.
                 * @memberof transport.l5d.io
                 * @interface ISessionProtocol
                 * @property {transport.l5d.io.SessionProtocol.IHttp1|null} [http1] SessionProtocol http1
                 * @property {transport.l5d.io.SessionProtocol.IHttp2|null} [http2] SessionProtocol http2
                 */

                /**
                 * Constructs a new SessionProtocol.
                 * @memberof transport.l5d.io
                 * @classdesc Represents a SessionProtocol.
                 * @implements ISessionProtocol
                 * @constructor
                 * @param {transport.l5d.io.ISessionProtocol=} [properties] Properties to set
                 */
                function SessionProtocol(properties) {
                    if (properties)
                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                }

                /**
                 * SessionProtocol http1.
                 * @member {transport.l5d.io.SessionProtocol.IHttp1|null|undefined} http1
                 * @memberof transport.l5d.io.SessionProtocol
                 * @instance
                 */
                SessionProtocol.prototype.http1 = null;

                /**
                 * SessionProtocol http2.
                 * @member {transport.l5d.io.SessionProtocol.IHttp2|null|undefined} http2
                 * @memberof transport.l5d.io.SessionProtocol
                 * @instance
                 */
                SessionProtocol.prototype.http2 = null;

                // OneOf field names bound to virtual getters and setters
                let $oneOfFields;

                /**
                 * SessionProtocol kind.
                 * @member {"http1"|"http2"|undefined} kind
                 * @memberof transport.l5d.io.SessionProtocol
                 * @instance
                 */
                Object.defineProperty(SessionProtocol.prototype, "kind", {
                    get: $util.oneOfGetter($oneOfFields = ["http1", "http2"]),
                    set: $util.oneOfSetter($oneOfFields)
                });

                /**
                 * Creates a new SessionProtocol instance using the specified properties.
                 * @function create
                 * @memberof transport.l5d.io.SessionProtocol
                 * @static
                 * @param {transport.l5d.io.ISessionProtocol=} [properties] Properties to set
                 * @returns {transport.l5d.io.SessionProtocol} SessionProtocol instance
                 */
                SessionProtocol.create = function create(properties) {
                    return new SessionProtocol(properties);
                };

                /**
                 * Encodes the specified SessionProtocol message. Does not implicitly {@link transport.l5d.io.SessionProtocol.verify|verify} messages.
                 * @function encode
                 * @memberof transport.l5d.io.SessionProtocol
                 * @static
                 * @param {transport.l5d.io.ISessionProtocol} message SessionProtocol message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                SessionProtocol.encode = function encode(message, writer, q) {
                    if (!writer)
                        writer = $Writer.create();
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    if (message.http1 != null && Object.hasOwnProperty.call(message, "http1"))
                        $root.transport.l5d.io.SessionProtocol.Http1.encode(message.http1, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                    if (message.http2 != null && Object.hasOwnProperty.call(message, "http2"))
                        $root.transport.l5d.io.SessionProtocol.Http2.encode(message.http2, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                    return writer;
                };

                /**
                 * Decodes a SessionProtocol message from the specified reader or buffer.
                 * @function decode
                 * @memberof transport.l5d.io.SessionProtocol
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {transport.l5d.io.SessionProtocol} SessionProtocol
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                SessionProtocol.decode = function decode(reader, length, error, long) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (long === undefined)
                        long = 0;
                    if (long > $Reader.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let end, message;
                    if (length === undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = new $root.transport.l5d.io.SessionProtocol();
                    while (reader.pos < end) {
                        let tag = reader.uint32();
                        if (tag === error)
                            break;
                        switch (tag >>> 3) {
                        case 1: {
                                message.http1 = $root.transport.l5d.io.SessionProtocol.Http1.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        case 2: {
                                message.http2 = $root.transport.l5d.io.SessionProtocol.Http2.decode(reader, reader.uint32(), undefined, long + 1);
                                break;
                            }
                        default:
                            reader.skipType(tag & 7, long);
                            break;
                        }
                    }
                    if (length !== undefined) {
                        if (reader.pos !== end)
                            throw RangeError("index out of range");
                        reader.len = length;
                    }
                    return message;
                };

                /**
                 * Creates a SessionProtocol message from a plain object. Also converts values to their respective internal types.
                 * @function fromObject
                 * @memberof transport.l5d.io.SessionProtocol
                 * @static
                 * @param {Object.<string,*>} object Plain object
                 * @returns {transport.l5d.io.SessionProtocol} SessionProtocol
                 */
                SessionProtocol.fromObject = function fromObject(object, long) {
                    if (object instanceof $root.transport.l5d.io.SessionProtocol)
                        return object;
                    if (!$util.isObject(object))
                        throw TypeError(".transport.l5d.io.SessionProtocol: object expected");
                    if (long === undefined)
                        long = 0;
                    if (long > $util.recursionLimit)
                        throw Error("maximum nesting depth exceeded");
                    let message = new $root.transport.l5d.io.SessionProtocol();
                    if (object.http1 != null) {
                        if (!$util.isObject(object.http1))
                            throw TypeError(".transport.l5d.io.SessionProtocol.http1: object expected");
                        message.http1 = $root.transport.l5d.io.SessionProtocol.Http1.fromObject(object.http1, long + 1);
                    }
                    if (object.http2 != null) {
                        if (!$util.isObject(object.http2))
                            throw TypeError(".transport.l5d.io.SessionProtocol.http2: object expected");
                        message.http2 = $root.transport.l5d.io.SessionProtocol.Http2.fromObject(object.http2, long + 1);
                    }
                    return message;
                };

                /**
                 * Creates a plain object from a SessionProtocol message. Also converts values to other types if specified.
                 * @function toObject
                 * @memberof transport.l5d.io.SessionProtocol
                 * @static
                 * @param {transport.l5d.io.SessionProtocol} message SessionProtocol
                 * @param {$protobuf.IConversionOptions} [options] Conversion options
                 * @returns {Object.<string,*>} Plain object
                 */
                SessionProtocol.toObject = function toObject(message, options, q) {
                    if (!options)
                        options = {};
                    if (q === undefined)
                        q = 0;
                    if (q > $util.recursionLimit)
                        throw Error("max depth exceeded");
                    let object = {};
                    if (message.http1 != null && Object.hasOwnProperty.call(message, "http1")) {
                        object.http1 = $root.transport.l5d.io.SessionProtocol.Http1.toObject(message.http1, options, q + 1);
                        if (options.oneofs)
                            object.kind = "http1";
                    }
                    if (message.http2 != null && Object.hasOwnProperty.call(message, "http2")) {
                        object.http2 = $root.transport.l5d.io.SessionProtocol.Http2.toObject(message.http2, options, q + 1);
                        if (options.oneofs)
                            object.kind = "http2";
                    }
                    return object;
                };

                /**
                 * Converts this SessionProtocol to JSON.
                 * @function toJSON
                 * @memberof transport.l5d.io.SessionProtocol
                 * @instance
                 * @returns {Object.<string,*>} JSON object
                 */
                SessionProtocol.prototype.toJSON = function toJSON() {
                    return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                };

                SessionProtocol.Http1 = (function() {

                    /**
                     * Properties of a Http1.
                     * @memberof transport.l5d.io.SessionProtocol
                     * @interface IHttp1
                     */

                    /**
                     * Constructs a new Http1.
                     * @memberof transport.l5d.io.SessionProtocol
                     * @classdesc Represents a Http1.
                     * @implements IHttp1
                     * @constructor
                     * @param {transport.l5d.io.SessionProtocol.IHttp1=} [properties] Properties to set
                     */
                    function Http1(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Creates a new Http1 instance using the specified properties.
                     * @function create
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.IHttp1=} [properties] Properties to set
                     * @returns {transport.l5d.io.SessionProtocol.Http1} Http1 instance
                     */
                    Http1.create = function create(properties) {
                        return new Http1(properties);
                    };

                    /**
                     * Encodes the specified Http1 message. Does not implicitly {@link transport.l5d.io.SessionProtocol.Http1.verify|verify} messages.
                     * @function encode
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.IHttp1} message Http1 message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Http1.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        return writer;
                    };

                    /**
                     * Decodes a Http1 message from the specified reader or buffer.
                     * @function decode
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {transport.l5d.io.SessionProtocol.Http1} Http1
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Http1.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.transport.l5d.io.SessionProtocol.Http1();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Http1 message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {transport.l5d.io.SessionProtocol.Http1} Http1
                     */
                    Http1.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.transport.l5d.io.SessionProtocol.Http1)
                            return object;
                        return new $root.transport.l5d.io.SessionProtocol.Http1();
                    };

                    /**
                     * Creates a plain object from a Http1 message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.Http1} message Http1
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Http1.toObject = function toObject() {
                        return {};
                    };

                    /**
                     * Converts this Http1 to JSON.
                     * @function toJSON
                     * @memberof transport.l5d.io.SessionProtocol.Http1
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Http1.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Http1;
                })();

                SessionProtocol.Http2 = (function() {

                    /**
                     * Properties of a Http2.
                     * @memberof transport.l5d.io.SessionProtocol
                     * @interface IHttp2
                     */

                    /**
                     * Constructs a new Http2.
                     * @memberof transport.l5d.io.SessionProtocol
                     * @classdesc Represents a Http2.
                     * @implements IHttp2
                     * @constructor
                     * @param {transport.l5d.io.SessionProtocol.IHttp2=} [properties] Properties to set
                     */
                    function Http2(properties) {
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Creates a new Http2 instance using the specified properties.
                     * @function create
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.IHttp2=} [properties] Properties to set
                     * @returns {transport.l5d.io.SessionProtocol.Http2} Http2 instance
                     */
                    Http2.create = function create(properties) {
                        return new Http2(properties);
                    };

                    /**
                     * Encodes the specified Http2 message. Does not implicitly {@link transport.l5d.io.SessionProtocol.Http2.verify|verify} messages.
                     * @function encode
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.IHttp2} message Http2 message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Http2.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        return writer;
                    };

                    /**
                     * Decodes a Http2 message from the specified reader or buffer.
                     * @function decode
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {transport.l5d.io.SessionProtocol.Http2} Http2
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Http2.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.transport.l5d.io.SessionProtocol.Http2();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    /**
                     * Creates a Http2 message from a plain object. Also converts values to their respective internal types.
                     * @function fromObject
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @static
                     * @param {Object.<string,*>} object Plain object
                     * @returns {transport.l5d.io.SessionProtocol.Http2} Http2
                     */
                    Http2.fromObject = function fromObject(object, long) {
                        if (object instanceof $root.transport.l5d.io.SessionProtocol.Http2)
                            return object;
                        return new $root.transport.l5d.io.SessionProtocol.Http2();
                    };

                    /**
                     * Creates a plain object from a Http2 message. Also converts values to other types if specified.
                     * @function toObject
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @static
                     * @param {transport.l5d.io.SessionProtocol.Http2} message Http2
                     * @param {$protobuf.IConversionOptions} [options] Conversion options
                     * @returns {Object.<string,*>} Plain object
                     */
                    Http2.toObject = function toObject() {
                        return {};
                    };

                    /**
                     * Converts this Http2 to JSON.
                     * @function toJSON
                     * @memberof transport.l5d.io.SessionProtocol.Http2
                     * @instance
                     * @returns {Object.<string,*>} JSON object
                     */
                    Http2.prototype.toJSON = function toJSON() {
                        return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
                    };

                    return Http2;
                })();

                return SessionProtocol;
            })();

            return io;
        })();

        return l5d;
    })();

    return transport;
})();

export { $root as default };
