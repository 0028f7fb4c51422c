export {
  SimpleString, ErrorReply, DoubleReply, BigNumberReply, BooleanReply, VerbatimReply, MapReply, SetReply, PushReply,
  AttributeReply, NULL_ARRAY, OK, PONG, QUEUED, type RespValue, type Protocol,
} from './values.js';
export { ProtocolError } from './errors.js';
export { formatDouble } from './double.js';
export { ReplyEncoder, encodeReply, encodeCommand } from './encoder.js';
export { RequestParser, type RequestParserOptions } from './request-parser.js';
export { ReplyParser, type ReplyParserOptions } from './reply-parser.js';
export { splitArgs } from './split-args.js';
export { latin1String } from './latin1.js';
