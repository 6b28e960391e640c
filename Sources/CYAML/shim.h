#ifndef UNDERSTUDY_CYAML_SHIM_H
#define UNDERSTUDY_CYAML_SHIM_H
#include <yaml.h>
#endif
