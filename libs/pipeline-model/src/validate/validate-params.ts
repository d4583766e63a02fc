import { BUILD_FORM_PROPERTY_TYPES, BUILD_NO_TYPES } from '../enums';
import { at, Checker, isObject, Json, UniqueIds } from './checks';

/** `TriggerContainer.params` (`BuildFormProperty[]`). */
export function validateParams(c: Checker, container: Json, path: string): void {
  const params = c.array(container, 'params', path, { required: true });
  if (!params) return;
  const ids = new UniqueIds(c, 'param id');
  params.forEach((param, index) => validateParam(c, param, at(at(path, 'params'), index), ids));
}

function validateParam(c: Checker, param: unknown, path: string, ids: UniqueIds): void {
  if (!isObject(param)) {
    c.add(path, 'must be an object (a BuildFormProperty)');
    return;
  }
  ids.check(c.string(param, 'id', path, { required: true, nonEmpty: true }), at(path, 'id'));
  c.boolean(param, 'required', path, { required: true });
  const type = c.oneOf(param, 'type', BUILD_FORM_PROPERTY_TYPES, path, { required: true });
  if (param.defaultValue === undefined || param.defaultValue === null) c.add(at(path, 'defaultValue'), 'is required');
  c.string(param, 'name', path);
  c.boolean(param, 'constant', path);
  c.boolean(param, 'readOnly', path);
  c.boolean(param, 'valueNotEmpty', path);
  c.boolean(param, 'asInstanceInput', path);
  c.string(param, 'desc', path);
  c.string(param, 'category', path);
  if (param.constant === true && param.required === true) {
    c.add(at(path, 'required'), 'a constant cannot also be an input parameter');
  }
  if (type === 'BOOLEAN' && typeof param.defaultValue === 'string' && !/^(true|false)$/.test(param.defaultValue)) {
    c.add(at(path, 'defaultValue'), `a BOOLEAN param's default must be true or false, not "${param.defaultValue}"`);
  }
  const options = c.array(param, 'options', path);
  options?.forEach((option, index) => {
    const optionPath = at(at(path, 'options'), index);
    if (!isObject(option)) return c.add(optionPath, 'must be an object with key and value');
    c.string(option, 'key', optionPath, { required: true });
    c.string(option, 'value', optionPath, { required: true });
  });
  const fields = c.array(param, 'fields', path);
  if (fields) {
    const fieldIds = new UniqueIds(c, 'field id');
    fields.forEach((field, index) => validateParam(c, field, at(at(path, 'fields'), index), fieldIds));
  }
}

/** `TriggerContainer.buildNo`. */
export function validateBuildNo(c: Checker, container: Json, path: string): void {
  const buildNo = c.object(container, 'buildNo', path);
  if (!buildNo) return;
  const here = at(path, 'buildNo');
  c.integer(buildNo, 'buildNo', here, { required: true, min: 0 });
  c.oneOf(buildNo, 'buildNoType', BUILD_NO_TYPES, here, { required: true });
  c.boolean(buildNo, 'required', here);
}
